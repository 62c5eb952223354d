import { symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { Task } from '../../electron/store/types.js';
import { FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { eventsOf, outputText, testApp } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { commitAll, makeRepo, write } from '../support/gitFixture.js';
import type { ModelServer } from '../support/modelServer/index.js';
import { answer, byPrompt, firstRequestFor, patch, shell, userTexts } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';
import { waitFor } from '../support/waitFor.js';

/** A late answer: a failure that waited for it overshoots SLOW_ANSWER_MS / 2 by far, yet ends within the 60 s test timeout. */
const SLOW_ANSWER_MS = 50_000;
const KILLED_PROMPT = 'sandbox killed early';

/** 600 files of 8 KiB: enough that a cold sandbox takes a while to fill. */
function spreadFiles(): Record<string, string> {
  return Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`src/module_${i}.txt`, `${i} `.repeat(2048)]));
}

function systemText(model: ModelServer, prompt: string): string {
  return JSON.stringify(firstRequestFor(model.requests, prompt).body);
}

describe('task start: the first model request overlaps the workspace filling (real Docker)', () => {
  const plans = byPrompt((prompt) => {
    if (prompt === 'fix it early') return [shell(['python3', '-m', 'unittest', '-q']), patch(FIX_CALC_PATCH), shell(['python3', '-m', 'unittest', '-q']), answer('fixed')];
    if (prompt === 'linked instructions') return [answer('read them')];
    if (prompt === 'no image') return [{ text: 'too late', delayMs: SLOW_ANSWER_MS }];
    return undefined;
  });
  const engine = useEngine(
    async (request, index) => {
      if (userTexts(request).at(-1) !== KILLED_PROMPT) return plans(request, index);
      // Kills the task's sandbox while it is still being prepared, then answers too late to matter.
      const { app, docker } = engine;
      const task = app.store.tasks.list({}, { limit: 100 }).find((t) => t.title === KILLED_PROMPT);
      const container = await waitFor('the sandbox to run', async () => (await docker.listContainers({ filters: { label: [`${LABEL.task}=${task?.id ?? ''}`], status: ['running'] } }))[0]);
      await docker.getContainer(container.Id).kill();
      return { text: 'too late', delayMs: SLOW_ANSWER_MS };
    },
    // No warm pool: every sandbox is created cold, so the workspace takes long enough to tell the order apart.
    { poolSize: 0 },
  );

  it('asks the model before the workspace is ready, then runs the tools in it once it is', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.forRepo(repo);
    const [task] = (await engine.app.tasks.create({ prompt: 'fix it early', mode: 'code', environment })) as [Task];
    const done = await waitForTask(engine.app, task.id);
    expect(done.status, done.error ?? '').toBe('succeeded');

    const events = eventsOf(engine.app, task.id);
    const ready = events.find((e) => e.type === 'workspace.ready');
    if (ready?.type !== 'workspace.ready') throw new Error('no workspace.ready event');
    expect(ready.durationMs).toBeGreaterThan(0);
    expect(firstRequestFor(engine.model.requests, 'fix it early').receivedAt).toBeLessThan(ready.ts);
    // Commands wait for the workspace: the first one already sees the repository.
    const firstExec = events.findIndex((e) => e.type === 'exec.begin');
    expect(events.indexOf(ready)).toBeLessThan(events.findIndex((e, i) => i > firstExec && e.type === 'exec.end'));
    const output = outputText(engine.app, task.id);
    expect(output).toMatch(/FAILED \(failures=1\)/);
    expect(output).toMatch(/\nOK\n/);
    expect(done.linesAdded).toBe(1);
    expect(done.linesRemoved).toBe(1);
    // AGENTS.md came from the mirror, as committed.
    expect(systemText(engine.model, 'fix it early')).toContain('Run the tests with `python3 -m unittest -q`.');
  });

  it('reads an AGENTS.md that is a symlink from the workspace, where it resolves', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    write(repo, 'docs/agent-notes.md', 'Linked rule: keep functions pure.\n');
    unlinkSync(path.join(repo, 'AGENTS.md'));
    symlinkSync('docs/agent-notes.md', path.join(repo, 'AGENTS.md'));
    commitAll(repo, 'AGENTS.md links to the notes');
    const environment = await engine.app.environments.forRepo(repo);
    const [task] = (await engine.app.tasks.create({ prompt: 'linked instructions', mode: 'ask', environment })) as [Task];
    const done = await waitForTask(engine.app, task.id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    const body = systemText(engine.model, 'linked instructions');
    expect(body).toContain('Linked rule: keep functions pure.');
    expect(body).not.toContain('docs/agent-notes.md');
  });

  it('fails with the sandbox\'s error, without waiting for the model, when the workspace cannot be prepared', async () => {
    const repo = makeRepo(engine.dirs.make(), spreadFiles());
    const environment = await engine.app.environments.forRepo(repo);
    const started = Date.now();
    const [task] = (await engine.app.tasks.create({ prompt: KILLED_PROMPT, mode: 'code', environment })) as [Task];
    const done = await waitForTask(engine.app, task.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/^The sandbox codebay-task-\S+ \(\w+\) of task \S+ stopped \(exit code 137\) while the task ran/);
    // Tests that the failure does not wait for the model's late answer, not how fast: far from both.
    expect(Date.now() - started).toBeLessThan(SLOW_ANSWER_MS / 2);
    // The model was asked (the kill came from that request) and never answered: the request was abandoned.
    expect(firstRequestFor(engine.model.requests, KILLED_PROMPT).finishedAt).toBeUndefined();
    const events = eventsOf(engine.app, task.id);
    expect(events.some((e) => e.type === 'workspace.ready')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'task.status', status: 'failed' });
  });

  it('fails at once with the image\'s error when no sandbox can be created', async () => {
    const broken = testApp(engine.model.baseUrl, { poolSize: 0, imageTag: 'codebay-sandbox:not-built-anywhere' });
    try {
      const environment = await broken.environments.forRepo(makeCalcRepo(engine.dirs.make()));
      const [task] = (await broken.tasks.create({ prompt: 'no image', mode: 'code', environment })) as [Task];
      // Tests that the failure does not wait for the model's late answer, not how fast: far from both.
      const done = await waitForTask(broken, task.id, SLOW_ANSWER_MS / 2);
      expect(done.status).toBe('failed');
      expect(done.error).toContain('Sandbox image codebay-sandbox:not-built-anywhere is not on this Docker engine');
    } finally {
      await broken.close();
    }
  });
});
