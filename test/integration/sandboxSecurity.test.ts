import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CAPABILITIES } from '../../electron/sandbox/containerConfig.js';
import { createDocker } from '../../electron/sandbox/docker.js';
import { createSandbox } from '../../electron/sandbox/createSandbox.js';
import { LABEL } from '../../electron/sandbox/labels.js';
import { SANDBOX_NETWORK } from '../../electron/sandbox/network.js';
import type { Sandbox } from '../../electron/sandbox/sandbox.js';
import { ensureSandboxImage, removeInstanceContainers, testInstanceId } from './sandboxFixture.js';

const docker = createDocker();
const instanceId = testInstanceId('security');
const MiB = 1024 ** 2;
let image: string;
let probe: Sandbox;
let neighbour: Sandbox;
let hostServer: net.Server | undefined;

async function shell(sandbox: Sandbox, script: string, user: 'root' | 'agent' = 'agent'): Promise<{ out: string; err: string; exitCode: number | null }> {
  const output = { stdout: '', stderr: '' };
  const result = await sandbox.exec(['bash', '-c', script], { user, timeoutMs: 20_000, onOutput: (stream, text) => void (output[stream] += text) });
  return { out: output.stdout, err: output.stderr, exitCode: result.exitCode };
}

/** Exits 0 when a TCP connection to host:port opens within 3 s; prints why it did not otherwise. */
function connectScript(host: string, port: number): string {
  return `timeout 3 bash -c 'exec 3<>/dev/tcp/${host}/${port}'`;
}

beforeAll(async () => {
  image = await ensureSandboxImage(docker);
  [probe, neighbour] = await Promise.all([
    createSandbox({ docker, image, instanceId, taskId: 'probe', limits: { memoryBytes: 512 * MiB, cpus: 1, pids: 256 } }),
    createSandbox({ docker, image, instanceId, taskId: 'neighbour' }),
  ]);
});

afterAll(async () => {
  hostServer?.close();
  await removeInstanceContainers(docker, instanceId);
});

describe('sandbox container settings', () => {
  it('is created with the security defaults, limits and labels', async () => {
    const info = await probe.container.inspect();
    const host = info.HostConfig;
    expect(host.Privileged).toBe(false);
    expect(host.CapDrop).toEqual(['ALL']);
    expect([...(host.CapAdd as string[])].sort()).toEqual([...SANDBOX_CAPABILITIES].sort());
    expect(host.SecurityOpt).toContain('no-new-privileges');
    expect(host.Init).toBe(true);
    expect(host.NetworkMode).toBe(SANDBOX_NETWORK);
    expect(host.PidMode ?? '').toBe('');
    expect(host.IpcMode).toBe('private');
    expect(host.Binds ?? []).toEqual([]);
    // Only the workspace's own anonymous volume: nothing of the host is mounted.
    expect(info.Mounts.map((m) => ({ type: m.Type, destination: m.Destination, driver: m.Driver }))).toEqual([
      { type: 'volume', destination: '/workspace', driver: 'local' },
    ]);
    expect(host.Memory).toBe(512 * MiB);
    expect(host.MemorySwap).toBe(512 * MiB);
    expect(host.NanoCpus).toBe(1e9);
    expect(host.PidsLimit).toBe(256);
    expect(info.Config.Labels).toMatchObject({ [LABEL.app]: 'codebay', [LABEL.task]: 'probe', [LABEL.instance]: instanceId, [LABEL.pool]: '0' });
    expect(info.Name).toMatch(/^\/codebay-task-probe-[0-9a-f]{8}$/);
  });

  it('gives the agent no capabilities and no way to gain privileges', async () => {
    const agent = await shell(probe, 'grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status');
    expect(agent.out).toMatch(/CapEff:\s+0000000000000000/);
    expect(agent.out).toMatch(/NoNewPrivs:\s+1/);
    // The bounding set is the same for root: exactly the seven granted capabilities.
    const root = await shell(probe, 'grep CapEff /proc/self/status', 'root');
    const mask = BigInt(`0x${root.out.split(/\s+/)[1] ?? '0'}`);
    const bit = { CHOWN: 0, DAC_OVERRIDE: 1, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7 } as const;
    const expected = SANDBOX_CAPABILITIES.reduce((sum, cap) => sum | (1n << BigInt(bit[cap])), 0n);
    expect(mask).toBe(expected);
    // Without NET_RAW even root cannot open raw sockets.
    const raw = await shell(probe, 'python3 -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)"', 'root');
    expect(raw.exitCode).not.toBe(0);
    expect(raw.err).toMatch(/Operation not permitted/);
  });

  it('enforces the process limit inside the container', async () => {
    const pids = await shell(probe, 'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max');
    expect(pids.out.trim()).toBe('256');
  });
});

describe('sandbox network isolation', () => {
  it('keeps sandboxes apart during setup, and cuts everything but loopback for the agent', async () => {
    const info = await probe.container.inspect();
    const gateway = info.NetworkSettings.Networks[SANDBOX_NETWORK]?.Gateway;
    expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const neighbourInfo = await neighbour.container.inspect();
    const neighbourName = neighbourInfo.Name.replace(/^\//, '');
    const neighbourIp = neighbourInfo.NetworkSettings.Networks[SANDBOX_NETWORK]?.IPAddress ?? '';

    // A listener on the host side of the sandbox bridge: reachable during setup (documented).
    hostServer = net.createServer((socket) => {
      // Probes close at once, so the greeting may meet a reset.
      socket.on('error', () => undefined);
      socket.end('host\n');
    });
    await new Promise<void>((resolve) => hostServer?.listen(0, gateway, resolve));
    const hostPort = (hostServer.address() as net.AddressInfo).port;

    void neighbour.exec(
      ['python3', '-c', 'import socket\ns=socket.socket()\ns.bind(("0.0.0.0",8080))\ns.listen()\nwhile True:\n  c,_=s.accept(); c.close()'],
      { timeoutMs: 60_000 },
    );
    await shell(neighbour, 'for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && exit 0; sleep 0.1; done; exit 1');
    // The neighbour's listener answers on its bridge address from inside itself...
    expect((await shell(neighbour, connectScript(neighbourIp, 8080))).exitCode).toBe(0);
    // ...but not from another sandbox, though the name resolves (inter-container traffic is off).
    expect((await shell(probe, `getent hosts ${neighbourName}`)).out).toContain(neighbourIp);
    expect((await shell(probe, connectScript(neighbourIp, 8080))).exitCode).not.toBe(0);
    expect((await shell(probe, connectScript(gateway ?? '', hostPort))).exitCode).toBe(0);

    const detached = await probe.disconnectNetwork();
    expect(detached).toEqual([SANDBOX_NETWORK]);
    expect(Object.keys((await probe.container.inspect()).NetworkSettings.Networks ?? {})).toEqual([]);

    const interfaces = await shell(probe, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
    expect(interfaces.out.trim()).toBe('lo');
    const lookupStarted = Date.now();
    expect((await shell(probe, `getent hosts ${neighbourName}`)).exitCode).not.toBe(0);
    // Tests that the lookup is refused rather than left to a DNS timeout (5 s a try), not speed.
    expect(Date.now() - lookupStarted).toBeLessThan(3_000);
    expect((await shell(probe, 'cat /etc/resolv.conf')).out).toContain('nameserver 127.0.0.1');
    const toHost = await shell(probe, connectScript(gateway ?? '', hostPort));
    expect(toHost.exitCode).not.toBe(0);
    expect(toHost.err).toMatch(/Network is unreachable/);

    const loopback = await shell(
      probe,
      `python3 -c 'import socket\ns=socket.socket()\ns.bind(("127.0.0.1",9000))\ns.listen()\nc,_=s.accept(); c.sendall(b"pong")' &
       for i in $(seq 50); do exec 3<>/dev/tcp/127.0.0.1/9000 2>/dev/null && break; sleep 0.1; done
       cat <&3`,
    );
    expect(loopback.out).toBe('pong');
  });
});
