import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocker } from '../../electron/sandbox/docker.js';
import { createSandbox } from '../../electron/sandbox/createSandbox.js';
import { SANDBOX_NETWORK } from '../../electron/sandbox/network.js';
import type { Sandbox } from '../../electron/sandbox/sandbox.js';
import { SandboxToolHost } from '../../electron/tasks/sandboxToolHost.js';
import { ensureSandboxImage, removeInstanceContainers, testInstanceId } from './sandboxFixture.js';

const docker = createDocker();
const instanceId = testInstanceId('escape');
const NEIGHBOUR_PORT = 8000;

interface Run {
  exitCode: number;
  out: string;
}

/** Runs a script the way the agent's shell tool does: through the tool host, as the agent user. */
async function asAgent(host: SandboxToolHost, script: string): Promise<Run> {
  let out = '';
  const outcome = await host.exec({
    callId: 'probe',
    command: ['bash', '-c', script],
    cwd: '/workspace',
    timeoutMs: 20_000,
    onOutput: (_stream, text) => void (out += text),
    signal: new AbortController().signal,
  });
  return { exitCode: outcome.exitCode, out };
}

async function asRoot(sandbox: Sandbox, script: string): Promise<Run> {
  let out = '';
  const result = await sandbox.exec(['bash', '-c', script], { user: 'root', timeoutMs: 20_000, onOutput: (_stream, text) => void (out += text) });
  return { exitCode: result.exitCode ?? -1, out };
}

/** curl as the probe sees it: exit 0 only when the server answered. */
const fetchScript = (url: string): string => `curl -sS -m 3 ${url}`;

describe('escape attempts by the agent user in a sandbox in its agent phase (real Docker)', () => {
  let agentSandbox: Sandbox;
  let host: SandboxToolHost;
  let neighbour: Sandbox;
  let networked: Sandbox;
  let hostServer: http.Server;
  let agentsDir: string;
  let hostPort = 0;
  let gateway = '';
  let neighbourIp = '';
  const hits: string[] = [];

  beforeAll(async () => {
    const image = await ensureSandboxImage(docker);
    // As the engine mounts it: the host folder of installed agent CLIs, read-only.
    agentsDir = mkdtempSync(path.join(os.tmpdir(), 'codebay-agents-'));
    chmodSync(agentsDir, 0o755);
    writeFileSync(path.join(agentsDir, 'installed.txt'), 'a CLI\n');
    hostServer = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('host-answered\n');
    });
    // Every interface of this machine, so a control probe through the bridge gateway reaches it.
    await new Promise<void>((resolve) => hostServer.listen(0, '0.0.0.0', resolve));
    hostPort = (hostServer.address() as AddressInfo).port;
    [agentSandbox, neighbour, networked] = await Promise.all([
      createSandbox({ docker, image, instanceId, taskId: 'escaper', agentsDir }),
      createSandbox({ docker, image, instanceId, taskId: 'neighbour' }),
      createSandbox({ docker, image, instanceId, taskId: 'networked' }),
    ]);
    const info = await agentSandbox.container.inspect();
    gateway = info.NetworkSettings.Networks[SANDBOX_NETWORK]?.Gateway ?? '';
    neighbourIp = (await neighbour.container.inspect()).NetworkSettings.Networks[SANDBOX_NETWORK]?.IPAddress ?? '';
    await agentSandbox.disconnectNetwork();
    host = new SandboxToolHost(agentSandbox);
    void neighbour.exec(['python3', '-m', 'http.server', String(NEIGHBOUR_PORT), '--bind', '0.0.0.0'], { user: 'agent', cwd: '/tmp', timeoutMs: 120_000 });
    await neighbour.exec(['bash', '-c', `for i in $(seq 100); do curl -s -o /dev/null 127.0.0.1:${NEIGHBOUR_PORT} && exit 0; sleep 0.1; done; exit 1`], { timeoutMs: 20_000 });
  });

  afterAll(async () => {
    hostServer?.close();
    await removeInstanceContainers(docker, instanceId);
  });

  it('runs as uid 1000 with no capabilities, and sudo or su do not make it root', async () => {
    const who = await asAgent(host, 'id -u; grep -E "^(CapEff|CapPrm|NoNewPrivs)" /proc/self/status');
    expect(who.out).toMatch(/^1000\n/);
    expect(who.out).toMatch(/CapEff:\s+0{16}/);
    expect(who.out).toMatch(/CapPrm:\s+0{16}/);
    expect(who.out).toMatch(/NoNewPrivs:\s+1/);
    const sudo = await asAgent(host, 'sudo -n id -u 2>&1; echo "exit=$?"');
    expect(sudo.out).not.toMatch(/^0$/m);
    expect(sudo.out).toMatch(/exit=(?!0\b)\d+/);
    const su = await asAgent(host, 'su -c "id -u" root </dev/null 2>&1; echo "exit=$?"');
    expect(su.out).not.toMatch(/^0$/m);
    expect(su.out).toMatch(/exit=(?!0\b)\d+/);
    // A setuid binary gains nothing under no-new-privileges.
    const setuid = await asAgent(host, 'cp /bin/bash /tmp/rootbash 2>/dev/null; ls -l "$(command -v su)"; /usr/bin/env python3 -c "import os; os.setuid(0)" 2>&1; echo "exit=$?"');
    expect(setuid.out).toMatch(/-rws/);
    expect(setuid.out).toMatch(/Operation not permitted/);
  });

  it('cannot mount, make a namespace of its own, or open raw sockets', async () => {
    const mount = await asAgent(host, 'mkdir -p /tmp/m && mount -t tmpfs none /tmp/m 2>&1; echo "exit=$?"');
    expect(mount.out).toMatch(/exit=(?!0\b)\d+/);
    expect(mount.out).toMatch(/must be superuser|permission denied|not permitted/i);
    const rootMount = await asRoot(agentSandbox, 'mount -t tmpfs none /mnt 2>&1; echo "exit=$?"');
    expect(rootMount.out).toMatch(/exit=(?!0\b)\d+/);
    const unshare = await asAgent(host, 'unshare -Urm true 2>&1; echo "exit=$?"');
    expect(unshare.out).toMatch(/exit=(?!0\b)\d+/);
    const raw = await asAgent(host, 'python3 -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)" 2>&1; echo "exit=$?"');
    expect(raw.out).toMatch(/PermissionError|Operation not permitted/);
    expect(raw.out).toMatch(/exit=(?!0\b)\d+/);
    const packet = await asAgent(host, 'python3 -c "import socket; socket.socket(socket.AF_PACKET, socket.SOCK_RAW)" 2>&1; echo "exit=$?"');
    expect(packet.out).toMatch(/exit=(?!0\b)\d+/);
  });

  it('cannot write outside the workspace or read what is root\'s', async () => {
    const attempts = [
      'touch /etc/codebay-escape',
      'echo "x::0:0::/:/bin/sh" >> /etc/passwd',
      'touch /usr/bin/codebay-escape',
      'touch /usr/local/bin/codebay-escape',
      'touch /root/codebay-escape',
      'touch /var/lib/codebay-escape',
      'chmod u+s /bin/bash',
      'echo x > /proc/sys/kernel/core_pattern',
      'mkdir /sys/fs/cgroup/codebay-escape',
      'cat /etc/shadow',
      'ls /proc/1/root/',
    ];
    for (const attempt of attempts) {
      const result = await asAgent(host, `${attempt} 2>&1`);
      expect(result.exitCode, `${attempt}: ${result.out}`).not.toBe(0);
    }
    const left = await asRoot(agentSandbox, 'ls /etc/codebay-escape /usr/bin/codebay-escape /usr/local/bin/codebay-escape /root/codebay-escape /var/lib/codebay-escape 2>/dev/null | wc -l; grep -c "^x::0" /etc/passwd; stat -c %a /bin/bash');
    expect(left.out.trim().split('\n')).toEqual(['0', '0', '755']);
    // The workspace itself is the agent's, so the failures above are about where, not whether, it may write.
    expect((await asAgent(host, 'touch /workspace/mine && echo ok')).out).toBe('ok\n');
  });

  it('cannot write through a symlink out of the workspace with apply_patch', async () => {
    await asAgent(host, 'ln -sfn /etc /workspace/etc-link && ln -sfn /usr/bin /workspace/bin-link');
    for (const target of ['etc-link/codebay-escape', 'bin-link/codebay-escape']) {
      await expect(host.writeChanges([{ kind: 'add', path: target, content: Buffer.from('escaped\n') }])).rejects.toThrow(/writing the patch into the sandbox failed.*Permission denied/i);
    }
    const left = await asRoot(agentSandbox, 'ls /etc/codebay-escape /usr/bin/codebay-escape 2>/dev/null | wc -l');
    expect(left.out.trim()).toBe('0');
    // The staging folder of each refused patch is gone too.
    expect((await asRoot(agentSandbox, 'ls -d /tmp/codebay-patch-* 2>/dev/null | wc -l')).out.trim()).toBe('0');
  });

  it('finds no Docker socket and no bind mounts of the host', async () => {
    const sockets = await asAgent(host, 'ls -l /var/run/docker.sock /run/docker.sock 2>&1; find / -xdev -type s 2>/dev/null; echo "DOCKER_HOST=${DOCKER_HOST:-}"; grep -E "docker.sock|/var/lib/docker" /proc/mounts');
    expect(sockets.out).toContain("cannot access '/var/run/docker.sock': No such file or directory");
    expect(sockets.out).toContain("cannot access '/run/docker.sock': No such file or directory");
    expect(sockets.out).toContain('DOCKER_HOST=\n');
    expect(sockets.out).not.toMatch(/docker\.sock\n?$/m);
    // The workspace's own anonymous volume, and the agent CLIs' folder read-only: nothing else of the host.
    const mounts = (await agentSandbox.container.inspect()).Mounts.map((m) => ({ type: m.Type, to: m.Destination, rw: m.RW }));
    expect(mounts).toEqual([
      { type: 'volume', to: '/workspace', rw: true },
      { type: 'bind', to: '/opt/codebay/agents', rw: false },
    ]);
    const plant = 'cat /opt/codebay/agents/installed.txt; touch /opt/codebay/agents/planted 2>&1; mount -o remount,rw /opt/codebay/agents 2>&1; touch /opt/codebay/agents/planted 2>&1';
    for (const attempt of [await asAgent(host, plant), await asRoot(agentSandbox, plant)]) {
      expect(attempt.out).toMatch(/^a CLI\ntouch: cannot touch '\/opt\/codebay\/agents\/planted': Read-only file system\n/);
      expect(attempt.out.trimEnd()).toMatch(/Read-only file system$/);
    }
    expect(existsSync(path.join(agentsDir, 'planted'))).toBe(false);
  });

  it('cannot reach services on the host, by loopback or through the gateway', async () => {
    // Control: a sandbox still on the network reaches the host through the gateway, so the probe works.
    const control = await asRoot(networked, fetchScript(`http://${gateway}:${hostPort}/control`));
    expect(control.out).toContain('host-answered');
    expect(hits).toContain('/control');

    for (const url of [`http://127.0.0.1:${hostPort}/loopback`, `http://localhost:${hostPort}/localhost`, `http://${gateway}:${hostPort}/gateway`, `http://host.docker.internal:${hostPort}/internal`]) {
      const result = await asAgent(host, `${fetchScript(url)} 2>&1`);
      expect(result.exitCode, `${url}: ${result.out}`).not.toBe(0);
      expect(result.out).not.toContain('host-answered');
    }
    expect(hits).toEqual(['/control']);
  });

  it('cannot reach another sandbox, offline or online', async () => {
    const url = `http://${neighbourIp}:${NEIGHBOUR_PORT}/`;
    // Control: the neighbour's server answers on its own address.
    expect((await asRoot(neighbour, fetchScript(url))).exitCode).toBe(0);
    const offline = await asAgent(host, `${fetchScript(url)} 2>&1`);
    expect(offline.exitCode).not.toBe(0);
    expect(offline.out).toMatch(/Failed to connect|Couldn't connect|unreachable/i);
    // Even a sandbox left on the network (agent network on) is kept from its neighbours.
    const online = await asRoot(networked, `${fetchScript(url)} 2>&1`);
    expect(online.exitCode).not.toBe(0);
  });

  it('left nothing on the host', () => {
    expect(existsSync('/etc/codebay-escape')).toBe(false);
    expect(existsSync('/usr/bin/codebay-escape')).toBe(false);
  });
});
