import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocker } from '../../electron/sandbox/docker.js';
import { createSandbox } from '../../electron/sandbox/createSandbox.js';
import type { OutputStream } from '../../electron/sandbox/execCommand.js';
import type { Sandbox } from '../../electron/sandbox/sandbox.js';
import { ensureSandboxImage, removeInstanceContainers, testInstanceId } from './sandboxFixture.js';

const docker = createDocker();
const instanceId = testInstanceId('exec');
let sandbox: Sandbox;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'codebay-sandbox-exec-'));

interface Collected {
  stdout: string;
  stderr: string;
}

function collector(): { out: Collected; onOutput: (stream: OutputStream, text: string) => void } {
  const out: Collected = { stdout: '', stderr: '' };
  return { out, onOutput: (stream, text) => void (out[stream] += text) };
}

async function run(command: string[], options: Parameters<Sandbox['exec']>[1] = {}): Promise<Collected & { exitCode: number | null }> {
  const { out, onOutput } = collector();
  const result = await sandbox.exec(command, { ...options, onOutput });
  return { ...out, exitCode: result.exitCode };
}

async function processList(): Promise<string> {
  return (await run(['ps', '-eo', 'pid,pgid,user,args'], { user: 'root' })).stdout;
}

beforeAll(async () => {
  const image = await ensureSandboxImage(docker);
  sandbox = await createSandbox({ docker, image, instanceId, taskId: 'exec-test' });
});

afterAll(async () => {
  await removeInstanceContainers(docker, instanceId);
  rmSync(scratch, { recursive: true, force: true });
});

describe('Sandbox.exec', () => {
  it('runs as the agent user by default and as root on request', async () => {
    expect((await run(['whoami'])).stdout).toBe('codebay\n');
    expect((await run(['id', '-u'])).stdout).toBe('1000\n');
    expect((await run(['whoami'], { user: 'root' })).stdout).toBe('root\n');
    expect((await run(['sh', '-c', 'echo $HOME'], { user: 'root' })).stdout).toBe('/root\n');
  });

  it('keeps stdout and stderr apart and reports the exit code', async () => {
    const result = await run(['sh', '-c', 'echo to-out; echo to-err >&2; echo more-out; exit 3']);
    expect(result).toEqual({ stdout: 'to-out\nmore-out\n', stderr: 'to-err\n', exitCode: 3 });
    expect((await run(['false'])).exitCode).toBe(1);
    expect((await run(['true'])).exitCode).toBe(0);
  });

  it('honours cwd and env, and reports a missing program as exit 126/127', async () => {
    const result = await run(['sh', '-c', 'pwd; echo "$GREETING"'], { cwd: '/tmp', env: { GREETING: 'hello there' } });
    expect(result.stdout).toBe('/tmp\nhello there\n');
    expect((await run(['/no/such/program'])).exitCode).toBeGreaterThanOrEqual(126);
  });

  it('kills the whole process tree on timeout, including processes that left the group', async () => {
    const started = Date.now();
    const result = await sandbox.exec(['bash', '-c', 'sleep 1000 & setsid sleep 1001 & sleep 1002'], { timeoutMs: 1_000 });
    expect(result.timedOut).toBe(true);
    expect(result.cancelled).toBe(false);
    // Tests that the 1 s timeout stops the 1,000 s commands, not speed: far from both.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.durationMs).toBeGreaterThanOrEqual(1_000);
    const ps = await processList();
    expect(ps).not.toMatch(/sleep 100[012]/);
    expect(ps).toMatch(/sleep infinity/);
  });

  it('kills a root command tree on timeout too', async () => {
    const result = await sandbox.exec(['bash', '-c', 'sleep 1003 & sleep 1004'], { user: 'root', timeoutMs: 500 });
    expect(result.timedOut).toBe(true);
    expect(await processList()).not.toMatch(/sleep 100[34]/);
  });

  it('cancels through an AbortSignal, killing the tree', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const running = sandbox.exec(['bash', '-c', 'echo started; sleep 1005 & sleep 1006'], {
      signal: controller.signal,
      onOutput: (_stream, text) => {
        seen.push(text);
        controller.abort();
      },
    });
    const result = await running;
    expect(seen.join('')).toContain('started');
    expect(result.cancelled).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(await processList()).not.toMatch(/sleep 100[56]/);

    const before = await sandbox.exec(['true'], { signal: AbortSignal.abort() });
    expect(before).toMatchObject({ cancelled: true, exitCode: null });
  });

  it('streams a large output through onOutput chunk by chunk', async () => {
    const size = 20 * 1024 * 1024;
    let total = 0;
    let chunks = 0;
    let largest = 0;
    const result = await sandbox.exec(['sh', '-c', `head -c ${size} /dev/zero | tr '\\0' x`], {
      onOutput: (_stream, text) => {
        total += text.length;
        chunks += 1;
        largest = Math.max(largest, text.length);
      },
    });
    expect(result.exitCode).toBe(0);
    expect(total).toBe(size);
    expect(chunks).toBeGreaterThan(100);
    expect(largest).toBeLessThan(1024 * 1024);
  });

  it('decodes UTF-8 characters split across chunks', async () => {
    const result = await run(['python3', '-c', 'import sys; sys.stdout.write("€" * 100000)']);
    expect(result.stdout).toBe('€'.repeat(100_000));
  });
});

describe('Sandbox files', () => {
  it('writes files with owners and modes, and reads them back', async () => {
    await sandbox.putFiles([
      { path: '/workspace/notes', owner: 'agent' },
      { path: '/workspace/notes/secret.txt', content: 'only for the agent\n', mode: 0o600, owner: 'agent' },
      { path: '/etc/codebay-setting', content: Buffer.from('root file') },
    ]);
    const stat = await run(['stat', '-c', '%U %a %n', '/workspace/notes', '/workspace/notes/secret.txt', '/etc/codebay-setting']);
    expect(stat.stdout).toBe('codebay 755 /workspace/notes\ncodebay 600 /workspace/notes/secret.txt\nroot 644 /etc/codebay-setting\n');
    expect((await run(['cat', '/workspace/notes/secret.txt'])).stdout).toBe('only for the agent\n');
    expect((await sandbox.getFile('/workspace/notes/secret.txt')).toString()).toBe('only for the agent\n');
  });

  it('fails clearly for a missing path, a directory, and an oversized file', async () => {
    await expect(sandbox.getFile('/nowhere/file')).rejects.toThrow(/Nothing at \/nowhere\/file/);
    await expect(sandbox.getFile('/workspace/notes')).rejects.toThrow(/not a regular file/);
    await expect(sandbox.getFile('/etc/codebay-setting', 4)).rejects.toThrow(/more than the 4 allowed/);
    await expect(sandbox.putFiles([{ path: 'relative.txt', content: 'x' }])).rejects.toThrow(/relative/);
  });

  it('copies a local file in and out by streaming', async () => {
    const local = path.join(scratch, 'blob.bin');
    const content = Buffer.alloc(3 * 1024 * 1024 + 17, 0);
    for (let i = 0; i < content.length; i += 1) content[i] = (i * 31) % 251;
    writeFileSync(local, content);
    await sandbox.copyBundleIn(local, '/tmp/blob.bin');
    const inside = await run(['sha256sum', '/tmp/blob.bin']);
    expect(inside.stdout.split(' ')[0]).toBe(createHash('sha256').update(content).digest('hex'));
    expect((await run(['stat', '-c', '%U', '/tmp/blob.bin'])).stdout).toBe('codebay\n');

    const back = path.join(scratch, 'back.bin');
    await sandbox.copyFileOut('/tmp/blob.bin', back, 64 * 1024 * 1024);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(back).equals(content)).toBe(true);
  });
});

describe('the command runner in the sandbox', () => {
  async function execCount(): Promise<number> {
    return ((await sandbox.container.inspect()).ExecIDs ?? []).length;
  }

  it('runs the agent\'s commands without a docker exec each, as children of one runner', async () => {
    await run(['true']);
    const before = await execCount();
    for (let i = 0; i < 10; i++) expect((await run(['sh', '-c', `exit ${i}`])).exitCode).toBe(i);
    expect(await execCount()).toBe(before);
    const parent = (await run(['sh', '-c', 'cat /proc/$PPID/cmdline | tr "\\0" " "'])).stdout;
    expect(parent).toContain('python3 -c import os; exec(os.environ.pop(');
    expect((await run(['sh', '-c', 'env'])).stdout).not.toContain('CODEBAY_COMMAND_RUNNER');
  });

  it('runs commands side by side and keeps their output apart', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => run(['sh', '-c', `for i in 1 2 3; do echo "cmd ${n} line $i"; sleep 0.1; done; echo "err ${n}" >&2; exit ${n}`])));
    results.forEach((result, index) => {
      const n = index + 1;
      expect(result).toEqual({ stdout: `cmd ${n} line 1\ncmd ${n} line 2\ncmd ${n} line 3\n`, stderr: `err ${n}\n`, exitCode: n });
    });
  });

  it('reports a missing working directory, and cannot be killed by the commands it runs', async () => {
    const missing = await run(['true'], { cwd: '/workspace/no-such-folder' });
    expect(missing.exitCode).toBe(126);
    expect(missing.stderr).toContain('/workspace/no-such-folder does not exist');
    const attempt = await run(['sh', '-c', 'kill -9 $PPID 2>&1; echo "kill exit $?"; id -un']);
    expect(attempt.stdout).toMatch(/not permitted[\s\S]*kill exit 1\ncodebay\n/);
    const before = await execCount();
    expect((await run(['echo', 'still here'])).stdout).toBe('still here\n');
    // The same runner answered: no docker exec was needed to start another.
    expect(await execCount()).toBe(before);
  });
});
