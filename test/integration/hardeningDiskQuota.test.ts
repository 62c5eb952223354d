import { describe, expect, it } from 'vitest';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { Task } from '../../electron/store/types.js';
import { makeCalcRepo } from '../support/calcRepo.js';
import { outputText } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { answer, byPrompt, shell } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

const MIB = 1024 ** 2;

/** 200 MiB in the container's layer and 200 MiB in the workspace volume, then a wait the watchdog must cut short. */
const FILL_DISK = 'dd if=/dev/zero of=/tmp/fill bs=1M count=200 status=none && dd if=/dev/zero of=/workspace/fill bs=1M count=200 status=none && echo filled && sleep 600';
/** Stays under the limit across several of the watchdog's measurements (time is the behaviour here). */
const STAY_UNDER = 'dd if=/dev/zero of=/tmp/small bs=1M count=100 status=none && sleep 12 && echo stayed';

describe('a sandbox that fills its disk (hostile scripted model, real Docker)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt === 'fill the disk') return [shell(['bash', '-c', FILL_DISK]), answer('never reached')];
      if (prompt === 'stay under the limit') return [shell(['bash', '-c', STAY_UNDER]), answer('done')];
      return undefined;
    }),
  );

  async function runIn(prompt: string): Promise<Task> {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: `disk-${prompt}`, repoPath: repo, diskBytes: 300 * MIB });
    const [created] = (await engine.app.tasks.create({ prompt, mode: 'code', environment })) as [Task];
    return waitForTask(engine.app, created.id);
  }

  it('is stopped past its environment\'s disk limit, its sandbox removed, with what it used in the error', async () => {
    const task = await runIn('fill the disk');
    expect(task.status).toBe('failed');
    expect(outputText(engine.app, task.id)).toBe('filled\n');
    const used = /used ([\d.]+) MiB of disk, over its limit of 300\.0 MiB/.exec(task.error ?? '');
    expect(used, task.error ?? '').not.toBeNull();
    // Both halves count: neither alone is over the limit.
    expect(Number(used?.[1])).toBeGreaterThan(400);
    expect(Number(used?.[1])).toBeLessThan(1024);
    expect(task.error).toContain("Raise the environment's disk limit");
    const left = await engine.docker.listContainers({ all: true, filters: { label: [`${LABEL.task}=${task.id}`] } });
    expect(left).toEqual([]);
  });

  it('runs to the end while it stays under the limit', async () => {
    const task = await runIn('stay under the limit');
    expect(task.status, task.error ?? '').toBe('succeeded');
    expect(outputText(engine.app, task.id)).toBe('stayed\n');
  });
});
