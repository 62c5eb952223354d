import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../electron/app.js';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { Task } from '../../electron/store/types.js';
import { requireSandboxImage } from '../support/docker.js';
import { eventsOf, outputText, testApp, waitFor, waitForTask } from '../support/engine.js';
import { makeRepo, TempDirs } from '../support/gitFixture.js';
import { startModelServer, type ModelServer } from '../support/modelServer/index.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';

function addFile(name: string): string {
  return ['*** Begin Patch', `*** Add File: ${name}`, `+made by the task that owns ${name}`, '*** End Patch'].join('\n');
}

async function containersOf(docker: Docker, taskId: string): Promise<number> {
  const all = await docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=codebay`] } });
  return all.filter((c) => c.Labels[LABEL.task] === taskId || c.Names.some((n) => n.includes(taskId))).length;
}

describe('scheduling, isolation, cancel and deadlines (real Docker)', () => {
  const dirs = new TempDirs();
  let model: ModelServer;
  let app: App;
  let docker: Docker;
  let repo: string;

  beforeAll(async () => {
    ({ docker } = await requireSandboxImage());
    model = await startModelServer(
      byPrompt((prompt) => {
        const own = /^own (\S+)$/.exec(prompt);
        if (own?.[1]) return [patch(addFile(own[1])), shell(['ls', '-1']), answer(`added ${own[1]}`)];
        if (prompt.startsWith('nap')) return [shell(['sleep', '1']), answer('rested')];
        if (prompt.startsWith('long')) return [shell(['bash', '-c', 'echo started; sleep 600']), answer('never')];
        return undefined;
      }),
    );
    app = testApp(model.baseUrl, { concurrency: 3 });
    await app.startEngine();
    repo = makeRepo(dirs.make(), { 'README.md': '# shared repo\n' });
  });

  afterAll(async () => {
    await app?.close();
    await model?.close();
    dirs.cleanup();
  });

  it('keeps two tasks on one repository apart', async () => {
    const environment = await app.environments.forRepo(repo);
    const [a] = (await app.tasks.create({ prompt: 'own a.txt', mode: 'code', environment })) as [Task];
    const [b] = (await app.tasks.create({ prompt: 'own b.txt', mode: 'code', environment })) as [Task];
    const [doneA, doneB] = await Promise.all([waitForTask(app, a.id), waitForTask(app, b.id)]);
    expect(doneA.status, doneA.error ?? '').toBe('succeeded');
    expect(doneB.status, doneB.error ?? '').toBe('succeeded');
    expect((await app.results.stats(a.id)).files.map((f) => f.path)).toEqual(['a.txt']);
    expect((await app.results.stats(b.id)).files.map((f) => f.path)).toEqual(['b.txt']);
    expect(outputText(app, a.id)).toContain('a.txt');
    expect(outputText(app, a.id)).not.toContain('b.txt');
    expect(outputText(app, b.id)).not.toContain('a.txt');
  });

  it('runs 10 tasks with concurrency 3, never more than 3 at once', async () => {
    const environment = await app.environments.forRepo(repo);
    const tasks: Task[] = [];
    for (let i = 0; i < 10; i++) tasks.push(...(await app.tasks.create({ prompt: `nap ${i}`, mode: 'code', environment })));
    let peak = 0;
    const sampler = setInterval(() => {
      const active = app.store.tasks.count({ statuses: ['preparing', 'running'] });
      peak = Math.max(peak, active);
    }, 20);
    try {
      const finished = await Promise.all(tasks.map((t) => waitForTask(app, t.id, 240_000)));
      expect(finished.map((t) => t.status)).toEqual(Array(10).fill('succeeded'));
    } finally {
      clearInterval(sampler);
    }
    expect(peak).toBe(3);
  });

  it('cancels a task during a long command within 2 s and removes its sandbox', async () => {
    const environment = await app.environments.forRepo(repo);
    const [task] = (await app.tasks.create({ prompt: 'long cancel me', mode: 'code', environment })) as [Task];
    await waitFor('the long command to start', () => outputText(app, task.id).includes('started'));
    const started = Date.now();
    app.tasks.cancel(task.id);
    const done = await waitForTask(app, task.id, 10_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(done.status).toBe('cancelled');
    expect(await containersOf(docker, task.id)).toBe(0);
    expect(eventsOf(app, task.id).at(-1)).toMatchObject({ type: 'task.status', status: 'cancelled' });
  });

  it('stops a task at its deadline with a clear failure', async () => {
    const environment = await app.environments.create({ name: 'hurried', repoPath: repo, timeLimitMs: 5_000 });
    const [task] = (await app.tasks.create({ prompt: 'long deadline', mode: 'code', environment })) as [Task];
    const done = await waitForTask(app, task.id, 30_000);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/time limit/);
    expect(await containersOf(docker, task.id)).toBe(0);
  });
});
