import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../electron/app.js';
import { resolveBase } from '../../electron/git/repo.js';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { Task } from '../../electron/store/types.js';
import { codebayBin, repoRoot } from '../support/cli.js';
import { requireSandboxImage } from '../support/docker.js';
import { eventsOf } from '../support/engine.js';
import { makeRepo, TempDirs } from '../support/gitFixture.js';
import { startModelServer, type ModelServer } from '../support/modelServer/index.js';
import { answer, byPrompt, shell } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';
import { waitFor } from '../support/waitFor.js';

const TASKS = 5;

async function containersOf(docker: Docker, taskIds: readonly string[], pid?: number): Promise<Docker.ContainerInfo[]> {
  const all = await docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=codebay`] } });
  return all.filter(
    (c) => taskIds.some((id) => c.Labels[LABEL.task] === id || c.Names.some((n) => n.includes(id))) || (pid !== undefined && c.Labels[LABEL.pid] === String(pid)),
  );
}

function hanging(app: App, taskId: string): boolean {
  return app.store.events.page(taskId, 0, 1000).some((e) => e.type === 'exec.output' && e.text.includes('hanging'));
}

describe('kill -9 of an engine running 5 tasks, then a restart (real Docker, CLI child process)', () => {
  const dirs = new TempDirs();
  const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-crash-'));
  let model: ModelServer;
  let docker: Docker;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let taskIds: string[] = [];
  let childPid = 0;
  let restarted: App | undefined;

  beforeAll(async () => {
    ({ docker } = await requireSandboxImage());
    model = await startModelServer(
      byPrompt((prompt) => {
        if (prompt.startsWith('hang')) return [shell(['bash', '-c', 'echo hanging; sleep 600']), answer('never')];
        if (prompt.startsWith('resume')) return [shell(['bash', '-c', 'echo resumed > resumed.txt']), answer('resumed and done')];
        return undefined;
      }),
    );
    repo = makeRepo(dirs.make(), { 'README.md': '# crash test\n' });
    env = { CODEBAY_HOME: home, OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'sk-crash-key-0123456789', CODEBAY_MODEL: 'scripted', CODEBAY_WIRE: 'chat', CODEBAY_POOL_SIZE: '0' };

    // Five at once, and a fifth task the app queued before it quit: the child's engine picks it up.
    const setup = createApp({ home });
    try {
      setup.store.settings.set('concurrency', TASKS);
      const environment = await setup.environments.forRepo(repo);
      const queued = setup.store.tasks.create({
        title: 'hang (queued earlier)',
        prompt: 'hang (queued earlier)',
        mode: 'code',
        repoPath: repo,
        environmentId: environment.id,
        baseRef: 'main',
        baseCommit: await resolveBase(repo, 'main'),
      });
      setup.store.turns.create(queued.id, { prompt: queued.prompt, status: 'queued' });
      setup.store.events.append(queued.id, { type: 'task.status', status: 'queued' });
    } finally {
      await setup.close();
    }
  });

  afterAll(async () => {
    await restarted?.close();
    await model?.close();
    dirs.cleanup();
  });

  it('kills the engine with all 5 tasks running their commands, leaving their sandboxes behind', async () => {
    const child: ChildProcess = spawn(process.execPath, [codebayBin, 'exec', '--repo', repo, '--attempts', '4', 'hang in four attempts'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    childPid = child.pid ?? 0;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const watcher = createApp({ home });
    try {
      taskIds = await waitFor(
        'all five commands to hang',
        () => {
          const tasks = watcher.store.tasks.list({}, { limit: 10 });
          return tasks.length === TASKS && tasks.every((t) => t.status === 'running' && hanging(watcher, t.id)) ? tasks.map((t) => t.id) : undefined;
        },
        120_000,
      );
    } finally {
      await watcher.close();
    }
    child.kill('SIGKILL');
    await exited;
    expect(await containersOf(docker, taskIds)).toHaveLength(TASKS);
  });

  it('on restart removes every sandbox of the dead engine and marks its tasks interrupted, logs intact', async () => {
    restarted = createApp({ home, env: { ...process.env, ...env } });
    await restarted.startEngine();
    expect(await containersOf(docker, taskIds, childPid)).toEqual([]);
    for (const id of taskIds) {
      const task = restarted.store.tasks.get(id);
      expect(task).toMatchObject({ status: 'interrupted', owner: null });
      expect(task?.error).toMatch(/Codebay stopped while this task ran/);
      const events = eventsOf(restarted, id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.some((e) => e.type === 'exec.output' && e.text.includes('hanging'))).toBe(true);
      expect(events.map((e) => e.type)).toContain('exec.begin');
      expect(events.at(-1)).toMatchObject({ type: 'task.status', status: 'interrupted' });
      expect(restarted.store.turns.list(id).at(-1)?.status).toBe('interrupted');
    }
    const integrity = restarted.store.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    expect(integrity).toEqual([{ integrity_check: 'ok' }]);
    const foreignKeys = restarted.store.db.pragma('foreign_key_check') as unknown[];
    expect(foreignKeys).toEqual([]);
  });

  it('resumes each of the five with a follow-up', async () => {
    const app = restarted;
    if (!app) throw new Error('the engine was not restarted');
    for (const id of taskIds) app.tasks.followUp(id, 'resume where you stopped');
    const done = await Promise.all(taskIds.map((id) => waitForTask(app, id, 120_000)));
    expect(done.map((t: Task) => `${t.status} ${t.error ?? ''}`.trim())).toEqual(Array(TASKS).fill('succeeded'));
    for (const id of taskIds) {
      expect((await app.results.stats(id)).files.map((f) => f.path)).toEqual(['resumed.txt']);
      const events = eventsOf(app, id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(app.store.turns.list(id).map((t) => t.status)).toEqual(['interrupted', 'succeeded']);
    }
  });
});
