import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { Task } from '../../electron/store/types.js';
import { eventsOf, outputText } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { makeRepo } from '../support/gitFixture.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { waitForOutput, waitForTask } from '../support/taskWait.js';

function addFile(name: string): string {
  return ['*** Begin Patch', `*** Add File: ${name}`, `+made by the task that owns ${name}`, '*** End Patch'].join('\n');
}

async function containersOf(docker: Docker, taskId: string): Promise<number> {
  const all = await docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=codebay`] } });
  return all.filter((c) => c.Labels[LABEL.task] === taskId || c.Names.some((n) => n.includes(taskId))).length;
}

describe('scheduling, isolation, cancel and deadlines (real Docker)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      const own = /^own (\S+)$/.exec(prompt);
      if (own?.[1]) return [patch(addFile(own[1])), shell(['ls', '-1']), answer(`added ${own[1]}`)];
      // A command that takes a while, so runs overlap; its length is the scenario, not a wait.
      if (prompt.startsWith('nap')) return [shell(['sleep', '1']), answer('rested')];
      if (prompt.startsWith('long')) return [shell(['bash', '-c', 'echo started; sleep 600']), answer('never')];
      return undefined;
    }),
    { concurrency: 3 },
  );
  let repo: string;

  beforeAll(() => {
    repo = makeRepo(engine.dirs.make(), { 'README.md': '# shared repo\n' });
  });

  it('keeps two tasks on one repository apart', async () => {
    const environment = await engine.app.environments.forRepo(repo);
    const [a] = (await engine.app.tasks.create({ prompt: 'own a.txt', mode: 'code', environment })) as [Task];
    const [b] = (await engine.app.tasks.create({ prompt: 'own b.txt', mode: 'code', environment })) as [Task];
    const [doneA, doneB] = await Promise.all([waitForTask(engine.app, a.id), waitForTask(engine.app, b.id)]);
    expect(doneA.status, doneA.error ?? '').toBe('succeeded');
    expect(doneB.status, doneB.error ?? '').toBe('succeeded');
    expect((await engine.app.results.stats(a.id)).files.map((f) => f.path)).toEqual(['a.txt']);
    expect((await engine.app.results.stats(b.id)).files.map((f) => f.path)).toEqual(['b.txt']);
    expect(outputText(engine.app, a.id)).toContain('a.txt');
    expect(outputText(engine.app, a.id)).not.toContain('b.txt');
    expect(outputText(engine.app, b.id)).not.toContain('a.txt');
  });

  it('runs 10 tasks with concurrency 3, never more than 3 at once', async () => {
    const environment = await engine.app.environments.forRepo(repo);
    const tasks: Task[] = [];
    for (let i = 0; i < 10; i++) tasks.push(...(await engine.app.tasks.create({ prompt: `nap ${i}`, mode: 'code', environment })));
    let peak = 0;
    // Counted whenever the tasks log anything, status changes included.
    const unsubscribe = engine.app.store.events.subscribe(() => {
      peak = Math.max(peak, engine.app.store.tasks.count({ statuses: ['preparing', 'running'] }));
    });
    try {
      const finished = await Promise.all(tasks.map((t) => waitForTask(engine.app, t.id, 240_000)));
      expect(finished.map((t) => t.status)).toEqual(Array(10).fill('succeeded'));
    } finally {
      unsubscribe();
    }
    expect(peak).toBe(3);
  });

  it('cancels a task during a long command and removes its sandbox', async () => {
    const environment = await engine.app.environments.forRepo(repo);
    const [task] = (await engine.app.tasks.create({ prompt: 'long cancel me', mode: 'code', environment })) as [Task];
    await waitForOutput(engine.app, task.id, 'started');
    engine.app.tasks.cancel(task.id);
    // Tests that cancel stops the 600 s command, not how fast: far above a cancel, far below the command.
    const done = await waitForTask(engine.app, task.id, 60_000);
    expect(done.status).toBe('cancelled');
    expect(await containersOf(engine.docker, task.id)).toBe(0);
    expect(eventsOf(engine.app, task.id).at(-1)).toMatchObject({ type: 'task.status', status: 'cancelled' });
  });

  it('stops a task at its deadline with a clear failure', async () => {
    const environment = await engine.app.environments.create({ name: 'hurried', repoPath: repo, timeLimitMs: 5_000 });
    const [task] = (await engine.app.tasks.create({ prompt: 'long deadline', mode: 'code', environment })) as [Task];
    // Tests that the 5 s limit stops the 600 s command: far above the limit, far below the command.
    const done = await waitForTask(engine.app, task.id, 60_000);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/time limit/);
    expect(await containersOf(engine.docker, task.id)).toBe(0);
  });
});
