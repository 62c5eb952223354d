import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocker } from '../../electron/sandbox/docker.js';
import { createSandbox } from '../../electron/sandbox/createSandbox.js';
import { LABEL } from '../../electron/sandbox/labels.js';
import { SandboxPool } from '../../electron/sandbox/pool.js';
import { reapOrphans } from '../../electron/sandbox/reaper.js';
import type { Sandbox } from '../../electron/sandbox/sandbox.js';
import { containersOfInstance, ensureSandboxImage, removeInstanceContainers, testInstanceId } from './sandboxFixture.js';

const docker = createDocker();
const instanceId = testInstanceId('pool');
const goneInstanceId = `${instanceId}-gone`;
const liveInstanceId = `${instanceId}-live`;
const GiB = 1024 ** 3;
let image: string;
const poolErrors: Error[] = [];
let liveOwner: ChildProcess | undefined;

async function read(sandbox: Sandbox, script: string): Promise<string> {
  let out = '';
  const result = await sandbox.exec(['sh', '-c', script], { onOutput: (stream, text) => void (stream === 'stdout' && (out += text)) });
  expect(result.exitCode).toBe(0);
  return out.trim();
}

async function exists(id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

beforeAll(async () => {
  image = await ensureSandboxImage(docker);
});

afterAll(async () => {
  liveOwner?.kill();
  for (const id of [instanceId, goneInstanceId, liveInstanceId]) await removeInstanceContainers(docker, id);
});

describe('SandboxPool', () => {
  let pool: SandboxPool;

  beforeAll(() => {
    pool = new SandboxPool({ docker, image, instanceId, size: 2, onError: (error) => poolErrors.push(error) });
  });

  afterAll(async () => {
    await pool.close();
  });

  // How fast a warm claim is, is `npm run bench -- "sandbox pool"`.
  it('hands out a warm sandbox, with the task limits applied, and refills', async () => {
    await pool.fill();
    expect(pool.idleCount).toBe(2);

    const sandbox = await pool.claim('pool-task-1', { memoryBytes: GiB, cpus: 1.5, pids: 300 });
    expect(pool.idleCount).toBe(1);

    const info = await sandbox.container.inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Name).toMatch(/^\/codebay-task-pool-task-1-[0-9a-f]{8}$/);
    expect(sandbox.taskId).toBe('pool-task-1');
    expect(info.Config.Labels).toMatchObject({ [LABEL.pool]: '1', [LABEL.task]: '', [LABEL.instance]: instanceId });
    expect(info.HostConfig).toMatchObject({ Memory: GiB, MemorySwap: GiB, NanoCpus: 1.5e9, PidsLimit: 300 });
    // The kernel sees the new limits too (cgroup v1 or v2 layout).
    expect(await read(sandbox, 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes')).toBe(String(GiB));
    expect(await read(sandbox, 'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max')).toBe('300');
    expect(await read(sandbox, "cut -d' ' -f1 /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us")).toBe('150000');
    expect(await read(sandbox, 'whoami')).toBe('codebay');

    await pool.fill();
    expect(pool.idleCount).toBe(2);
    expect(poolErrors).toEqual([]);
  });

  it('creates cold when the pool is empty, labelled with the task', async () => {
    const [a, b] = await Promise.all([pool.claim('pool-task-2'), pool.claim('pool-task-3')]);
    const cold = await pool.claim('pool-task-4');
    const labels = (await cold.container.inspect()).Config.Labels;
    expect(labels).toMatchObject({ [LABEL.task]: 'pool-task-4', [LABEL.pool]: '0' });
    expect(new Set([a.id, b.id, cold.id]).size).toBe(3);
    await expect(pool.claim('bad id with spaces')).rejects.toThrow(/cannot name a sandbox container/);
  });

  it('removes its idle containers on close but leaves claimed ones to their tasks', async () => {
    await pool.fill();
    const claimed = await pool.claim('pool-task-5');
    await pool.fill();
    await pool.close();
    const left = await containersOfInstance(docker, instanceId);
    expect(left.filter((info) => info.Names.some((name) => name.startsWith('/codebay-pool-')))).toEqual([]);
    expect(left.map((info) => info.Id)).toContain(claimed.id);
    await expect(pool.claim('pool-task-6')).rejects.toThrow(/closed/);
  });
});

describe('reapOrphans', () => {
  it('removes containers of dead instances, reports their tasks, and spares current and live ones', async () => {
    const current = await createSandbox({ docker, image, instanceId, taskId: 'keep-me' });
    const direct = await createSandbox({ docker, image, instanceId: goneInstanceId, taskId: 'orphan-direct' });
    await direct.stop(0);
    const crashedPool = new SandboxPool({ docker, image, instanceId: goneInstanceId, size: 1 });
    await crashedPool.fill();
    const claimed = await crashedPool.claim('orphan-claimed');
    await crashedPool.fill();
    const [idleOrphan] = (await containersOfInstance(docker, goneInstanceId)).filter((info) => info.Labels[LABEL.pool] === '1' && info.Id !== claimed.id);

    // A container whose owner is another live Codebay process on this machine.
    liveOwner = spawn('sleep', ['120'], { stdio: 'ignore' });
    const live = await docker.createContainer({
      Image: image,
      Labels: { [LABEL.app]: 'codebay', [LABEL.instance]: liveInstanceId, [LABEL.task]: 'live-task', [LABEL.pid]: String(liveOwner.pid), [LABEL.host]: os.hostname() },
    });

    const result = await reapOrphans(docker, instanceId);
    expect(result.failed).toEqual([]);
    expect(result.taskIds).toEqual(expect.arrayContaining(['orphan-direct', 'orphan-claimed']));
    expect(result.taskIds).not.toContain('keep-me');
    expect(result.taskIds).not.toContain('live-task');
    expect(result.removed).toEqual(expect.arrayContaining([direct.id, claimed.id, idleOrphan?.Id]));
    expect(await exists(direct.id)).toBe(false);
    expect(await exists(claimed.id)).toBe(false);
    expect(await containersOfInstance(docker, goneInstanceId)).toEqual([]);
    expect(await exists(current.id)).toBe(true);
    expect(await exists(live.id)).toBe(true);

    const exited = new Promise((resolve) => liveOwner?.once('exit', resolve));
    liveOwner.kill();
    await exited;
    const afterOwnerDied = await reapOrphans(docker, instanceId);
    expect(afterOwnerDied.taskIds).toContain('live-task');
    expect(await exists(live.id)).toBe(false);
    expect(await exists(current.id)).toBe(true);
  });
});
