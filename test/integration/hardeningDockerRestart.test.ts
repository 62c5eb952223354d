import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../electron/app.js';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { Task } from '../../electron/store/types.js';
import { requireSandboxImage } from '../support/docker.js';
import { DOCKER_RESTART_ALLOWED, findLocalDockerd, startDockerd, stopDockerd, type LocalDockerd } from '../support/dockerDaemon.js';
import { eventsOf, testApp } from '../support/engine.js';
import { makeRepo, TempDirs } from '../support/gitFixture.js';
import { startModelServer, type ModelServer } from '../support/modelServer/index.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { waitForOutput, waitForTask } from '../support/taskWait.js';
import { waitFor } from '../support/waitFor.js';

const found = DOCKER_RESTART_ALLOWED ? findLocalDockerd() : 'it restarts the Docker daemon, stopping every container on it; set CODEBAY_TEST_DOCKER_RESTART=1 to run it';
if (typeof found === 'string' && DOCKER_RESTART_ALLOWED) {
  throw new Error(`CODEBAY_TEST_DOCKER_RESTART=1 asks for the Docker restart test, but it cannot run here: ${found}`);
}

function addFile(name: string): string {
  return ['*** Begin Patch', `*** Add File: ${name}`, `+written by ${name}`, '*** End Patch'].join('\n');
}

async function containersOf(docker: Docker, label: string, value: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${label}=${value}`] } });
}

// Restarting the daemon stops every container on it, so this file needs a machine of its own:
// CI's, or a developer's where nothing else uses Docker meanwhile. Reported as skipped otherwise.
describe.skipIf(typeof found === 'string')(`the Docker daemon restarted under a running task (real dockerd${typeof found === 'string' ? `; skipped: ${found}` : ''})`, () => {
  const dirs = new TempDirs();
  let model: ModelServer;
  let app: App;
  let docker: Docker;

  beforeAll(async () => {
    ({ docker } = await requireSandboxImage());
    model = await startModelServer(
      byPrompt((prompt) => {
        if (prompt === 'outlive the daemon') return [shell(['bash', '-c', 'echo waiting-for-restart; sleep 600']), answer('never')];
        if (prompt === 'after the restart') return [shell(['echo', 'back again']), patch(addFile('after.txt')), answer('done after the restart')];
        if (prompt === 'go on after the restart') return [patch(addFile('resumed.txt')), answer('resumed')];
        return undefined;
      }),
    );
    app = testApp(model.baseUrl, { poolSize: 1 });
    await app.startEngine();
  });

  afterAll(async () => {
    // Whatever happened above, the machine keeps a running daemon.
    if (typeof findLocalDockerd() === 'string') await startDockerd(found as LocalDockerd, docker);
    await app?.close();
    await model?.close();
    dirs.cleanup();
  });

  it.each([
    // A clean stop first stops the containers, while the daemon still answers.
    ['stopped', 'SIGTERM', /stopped \(exit code \d+\)/],
    // A crash leaves the engine without an answer; the containers are stopped when the daemon comes back.
    ['crashed', 'SIGKILL', /could not be reached: Docker did not answer \(.+\)/],
  ] as const)('dockerd %s (%s) mid-task: that task fails with a clear error, the app answers meanwhile, new tasks and follow-ups run once Docker is back', { timeout: 180_000 }, async (_how, signal, cause) => {
    const repo = makeRepo(dirs.make(), { 'README.md': '# restart\n' });
    const environment = await app.environments.forRepo(repo);
    const [running] = (await app.tasks.create({ prompt: 'outlive the daemon', mode: 'code', environment })) as [Task];
    const daemon = findLocalDockerd() as LocalDockerd;
    await waitForOutput(app, running.id, 'waiting-for-restart');
    await waitFor('the warm pool to refill', async () => (await containersOf(docker, LABEL.instance, app.instanceId)).length >= 2);

    await stopDockerd(daemon, signal);
    const failed = await waitForTask(app, running.id, 60_000);
    // The engine itself goes on while Docker is away.
    expect(app.store.tasks.list({}, { limit: 100 }).map((t) => t.id)).toContain(running.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^The sandbox codebay-task-\S+ \(\w+\) of task \S+ /);
    expect(failed.error).toMatch(cause);
    expect(failed.error).toContain('a restart of Docker');
    const events = eventsOf(app, running.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ type: 'task.status', status: 'failed' });

    await startDockerd(daemon, docker);
    const [after] = (await app.tasks.create({ prompt: 'after the restart', mode: 'code', environment })) as [Task];
    const done = await waitForTask(app, after.id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(done.linesAdded).toBe(1);
    expect(eventsOf(app, after.id).some((e) => e.type === 'exec.output' && e.text === 'back again\n')).toBe(true);

    const resumed = app.tasks.followUp(running.id, 'go on after the restart');
    const resumedDone = await waitForTask(app, resumed.id);
    expect(resumedDone.status, resumedDone.error ?? '').toBe('succeeded');
    expect(resumedDone.linesAdded).toBe(1);

    // The stopped sandboxes (the task's and the pooled one) are swept once Docker answers again.
    await waitFor('stopped sandboxes to be removed', async () => {
      const mine = await containersOf(docker, LABEL.instance, app.instanceId);
      return mine.every((c) => c.State === 'running');
    });
    expect(await containersOf(docker, LABEL.task, running.id)).toEqual(expect.not.arrayContaining([expect.objectContaining({ State: 'exited' })]));
  });
});
