import net from 'node:net';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { Task } from '../../electron/store/types.js';
import type { TaskEvent } from '../../shared/events.js';
import { eventsOf } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { makeRepo } from '../support/gitFixture.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { waitForOutput, waitForTask } from '../support/taskWait.js';

function addFile(name: string): string {
  return ['*** Begin Patch', `*** Add File: ${name}`, `+written by ${name}`, '*** End Patch'].join('\n');
}

async function containerOf(docker: Docker, taskId: string): Promise<Docker.ContainerInfo | undefined> {
  const all = await docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=codebay`] } });
  return all.find((c) => c.Labels[LABEL.task] === taskId || c.Names.some((n) => n.includes(taskId)));
}

function errorsOf(events: TaskEvent[]): Array<{ message: string; retryable: boolean }> {
  return events.flatMap((e) => (e.type === 'error' ? [{ message: e.message, retryable: e.retryable }] : []));
}

/** A 127.0.0.1 port that nothing listens on: bound, read, closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('faults under running tasks: the sandbox dies, the model provider is down or talks garbage (real Docker)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt.startsWith('doomed')) return [shell(['bash', '-c', 'echo doomed-started; sleep 600']), shell(['true']), answer('never')];
      const survivor = /^survive (\S+)$/.exec(prompt);
      if (survivor?.[1]) return [shell(['bash', '-c', 'echo alive; sleep 4; echo still alive']), patch(addFile(survivor[1])), answer('survived')];
      if (prompt.startsWith('garbage')) return [{ fault: 'garbage' }];
      if (prompt.startsWith('elsewhere')) return [answer('should never be asked')];
      const later = /^later (\S+)$/.exec(prompt);
      if (later?.[1]) return [patch(addFile(later[1])), answer('later task done')];
      return undefined;
    }),
    { concurrency: 4 },
  );
  let repo: string;

  beforeAll(() => {
    repo = makeRepo(engine.dirs.make(), { 'README.md': '# faults\n' });
  });

  it.each([
    ['docker kill', (container: Docker.Container) => container.kill()],
    ['docker rm -f', (container: Docker.Container) => container.remove({ force: true })],
  ] as const)('fails a task whose sandbox goes away mid-command (%s) with a clear error, while another task and new ones go on', async (how, destroy) => {
    const environment = await engine.app.environments.forRepo(repo);
    const slug = how.replace(/\W+/g, '-');
    const [doomed] = (await engine.app.tasks.create({ prompt: `doomed by ${how}`, mode: 'code', environment })) as [Task];
    const [survivor] = (await engine.app.tasks.create({ prompt: `survive ${slug}.txt`, mode: 'code', environment })) as [Task];
    await Promise.all([waitForOutput(engine.app, doomed.id, 'doomed-started'), waitForOutput(engine.app, survivor.id, 'alive')]);
    const info = await containerOf(engine.docker, doomed.id);
    if (!info) throw new Error(`no sandbox found for task ${doomed.id}`);
    const killed = Date.now();
    await destroy(engine.docker.getContainer(info.Id));

    const failed = await waitForTask(engine.app, doomed.id, 30_000);
    const failedAfterMs = Date.now() - killed;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/sandbox/i);
    expect(failed.error).toMatch(/The sandbox codebay-task-\S+ \(\w+\) of task \w+ (stopped \(exit code \d+\)|was removed) while the task ran/);
    expect(failed.error).toMatch(/Retry the task, or send a follow-up/);
    // Tests that the loss is noticed instead of waiting out the 600 s command, not how fast: far from both.
    expect(failedAfterMs).toBeLessThan(30_000);
    const events = eventsOf(engine.app, doomed.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ type: 'task.status', status: 'failed' });
    // The agent is not sent on with commands into a sandbox that no longer exists.
    expect(events.filter((e) => e.type === 'exec.begin')).toHaveLength(1);
    console.log(`[faults] ${how}: task failed ${failedAfterMs} ms after the sandbox went away: ${failed.error ?? ''}`);

    const survived = await waitForTask(engine.app, survivor.id);
    expect(survived.status, survived.error ?? '').toBe('succeeded');
    expect((await engine.app.results.stats(survivor.id)).files.map((f) => f.path)).toEqual([`${slug}.txt`]);

    const [later] = (await engine.app.tasks.create({ prompt: `later ${slug}-later.txt`, mode: 'code', environment })) as [Task];
    const laterDone = await waitForTask(engine.app, later.id);
    expect(laterDone.status, laterDone.error ?? '').toBe('succeeded');
    expect(await containerOf(engine.docker, doomed.id)).toBeUndefined();
  });

  it('fails a task whose provider is down after retries, naming the URL, while a task on a working provider succeeds', async () => {
    const port = await closedPort();
    const deadUrl = `http://127.0.0.1:${port}/v1`;
    const provider = engine.app.store.providers.create({ name: 'down', preset: 'custom', baseUrl: deadUrl, wire: 'chat', model: 'nothing' });
    const environment = await engine.app.environments.forRepo(repo);
    const started = Date.now();
    const [down] = (await engine.app.tasks.create({ prompt: 'elsewhere', mode: 'code', environment, providerId: provider.id })) as [Task];
    const [fine] = (await engine.app.tasks.create({ prompt: 'later fine-while-down.txt', mode: 'code', environment })) as [Task];
    const [failed, succeeded] = await Promise.all([waitForTask(engine.app, down.id, 60_000), waitForTask(engine.app, fine.id)]);
    console.log(`[faults] provider down: failed after ${Date.now() - started} ms: ${failed.error ?? ''}`);
    expect(succeeded.status, succeeded.error ?? '').toBe('succeeded');
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain(deadUrl);
    expect(failed.error).toMatch(/could not connect|ECONNREFUSED/i);
    expect(failed.error).toMatch(/after 5 attempts/);
    const errors = errorsOf(eventsOf(engine.app, down.id));
    expect(errors.filter((e) => e.retryable)).toHaveLength(4);
    expect(errors.filter((e) => e.retryable).every((e) => e.message.includes(deadUrl))).toBe(true);
    expect(errors.at(-1)).toMatchObject({ retryable: false, message: expect.stringContaining(deadUrl) });
    expect(engine.model.requests.some((r) => JSON.stringify(r.body ?? {}).includes('elsewhere'))).toBe(false);
  });

  it('fails a task whose provider answers garbage after retries, with a clear error, and nothing else is affected', async () => {
    const environment = await engine.app.environments.forRepo(repo);
    const [bad] = (await engine.app.tasks.create({ prompt: 'garbage please', mode: 'code', environment })) as [Task];
    const [fine] = (await engine.app.tasks.create({ prompt: 'later fine-while-garbage.txt', mode: 'code', environment })) as [Task];
    const [failed, succeeded] = await Promise.all([waitForTask(engine.app, bad.id, 60_000), waitForTask(engine.app, fine.id)]);
    expect(succeeded.status, succeeded.error ?? '').toBe('succeeded');
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain(engine.model.baseUrl);
    expect(failed.error).toMatch(/not valid JSON|not an OpenAI-compatible/);
    const errors = errorsOf(eventsOf(engine.app, bad.id));
    expect(errors.filter((e) => e.retryable).length).toBe(4);
    expect(errors.at(-1)?.retryable).toBe(false);
  });
});
