import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { Task } from '../../electron/store/types.js';
import { makeCalcRepo, FIX_CALC_PATCH } from '../support/calcRepo.js';
import { eventsOf, outputText } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { sh, userRepoState } from '../support/gitFixture.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

const SECRET = 'tok-SECRET-9f8e7d6c5b4a';

describe('task lifecycle: uncommitted changes, secrets, follow-ups, best-of-N, retry (real Docker)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt === 'read my notes') return [shell(['cat', 'notes.txt', 'calc.py']), patch(FIX_CALC_PATCH), answer('read them')];
      if (prompt === 'show secrets') return [shell(['bash', '-c', 'echo "agent sees [${DEPLOY_TOKEN:-}]"']), answer('looked')];
      if (prompt === 'first turn') return [shell(['bash', '-c', 'echo kept > /tmp/turn1-marker']), patch(FIX_CALC_PATCH), answer('turn one done')];
      if (prompt === 'second turn') return [shell(['bash', '-c', 'cat /tmp/turn1-marker 2>&1; grep -c "a + b" calc.py']), answer('turn two done')];
      if (prompt === 'third turn') return [shell(['bash', '-c', 'cat /tmp/turn1-marker 2>&1; grep -c "a + b" calc.py']), answer('turn three done')];
      if (prompt === 'two ways') return [patch(FIX_CALC_PATCH), answer('one way')];
      if (prompt === 'needs setup') return [answer('setup worked')];
      return undefined;
    }),
  );
  let repo: string;

  beforeAll(() => {
    repo = makeCalcRepo(engine.dirs.make());
  });

  it('includes the user\'s uncommitted and untracked changes when asked, without touching their repo', async () => {
    const dirty = makeCalcRepo(engine.dirs.make());
    writeFileSync(path.join(dirty, 'notes.txt'), 'remember the milk\n');
    writeFileSync(path.join(dirty, 'calc.py'), `# edited by hand\n${readFileSync(path.join(dirty, 'calc.py'), 'utf8')}`);
    const before = userRepoState(dirty);
    const environment = await engine.app.environments.forRepo(dirty);
    const [task] = (await engine.app.tasks.create({ prompt: 'read my notes', mode: 'code', environment, includeUncommitted: true })) as [Task];
    const done = await waitForTask(engine.app, task.id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    const output = outputText(engine.app, task.id, 'exec.output');
    expect(output).toContain('remember the milk');
    expect(output).toContain('# edited by hand');
    // The diff is the agent's work on top of the user's state, so it applies to their working tree.
    const diff = (await engine.app.results.diff(task.id)).toString();
    expect(diff).toContain('+    return a + b');
    expect(diff).not.toContain('notes.txt');
    expect(userRepoState(dirty)).toEqual(before);
    sh(dirty, ['apply', '--check'], { input: diff });
  });

  it('gives secrets to the setup script only, and masks them in every log', async () => {
    const environment = await engine.app.environments.create({
      name: 'with-secret',
      repoPath: repo,
      setupScript: 'echo "setup sees ${DEPLOY_TOKEN}"\n',
      secrets: { DEPLOY_TOKEN: SECRET },
      envVars: { PLAIN: 'visible' },
    });
    expect(environment.secretNames).toEqual(['DEPLOY_TOKEN']);
    const [task] = (await engine.app.tasks.create({ prompt: 'show secrets', mode: 'code', environment })) as [Task];
    const done = await waitForTask(engine.app, task.id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(outputText(engine.app, task.id, 'setup.output')).toContain('setup sees ••••••');
    expect(outputText(engine.app, task.id, 'exec.output')).toContain('agent sees []');
    engine.app.store.events.flush();
    for (const file of readdirSync(engine.app.home).filter((f) => f.startsWith('codebay.db'))) {
      expect(readFileSync(path.join(engine.app.home, file)).includes(Buffer.from(SECRET)), file).toBe(false);
    }
    expect(JSON.stringify(engine.model.requests.map((r) => r.body))).not.toContain(SECRET);
    expect(readFileSync(path.join(engine.app.home, 'secrets.json'), 'utf8')).toContain(SECRET);
  });

  it('runs a follow-up in the same sandbox, and recreates it from the last turn when it is gone', async () => {
    const environment = await engine.app.environments.forRepo(repo);
    const [task] = (await engine.app.tasks.create({ prompt: 'first turn', mode: 'code', environment })) as [Task];
    expect((await waitForTask(engine.app, task.id)).status).toBe('succeeded');

    engine.app.tasks.followUp(task.id, 'second turn');
    const second = await waitForTask(engine.app, task.id);
    expect(second.status, second.error ?? '').toBe('succeeded');
    const turn2 = eventsOf(engine.app, task.id).filter((e) => e.type === 'exec.output' && e.text.includes('kept'));
    expect(turn2.length).toBe(1);

    const containers = await engine.docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=codebay`] } });
    for (const c of containers.filter((c) => c.Names.some((n) => n.includes(task.id)))) await engine.docker.getContainer(c.Id).remove({ force: true });
    engine.app.tasks.followUp(task.id, 'third turn');
    const third = await waitForTask(engine.app, task.id);
    expect(third.status, third.error ?? '').toBe('succeeded');
    const events = eventsOf(engine.app, task.id);
    const lastCall = events.filter((e) => e.type === 'exec.begin').at(-1);
    const lastOutput = events.map((e) => (e.type === 'exec.output' && lastCall?.type === 'exec.begin' && e.callId === lastCall.callId ? e.text : '')).join('');
    // A new container: /tmp is fresh, but the workspace carries the earlier turns' commits.
    expect(lastOutput).toContain('No such file');
    expect(lastOutput).toMatch(/^1$/m);
    expect(engine.app.store.turns.list(task.id).map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(((await engine.app.results.diff(task.id, 2)).toString())).toBe('');
    expect((await engine.app.results.diff(task.id)).toString()).toContain('+    return a + b');
    const conversation = engine.app.store.tasks.getConversation(task.id) ?? [];
    expect(JSON.stringify(conversation)).toContain('first turn');
    expect(JSON.stringify(conversation)).toContain('third turn');
  });

  it('launches best-of-2 as two sibling tasks in one group', async () => {
    const environment = await engine.app.environments.forRepo(repo);
    const tasks = await engine.app.tasks.create({ prompt: 'two ways', mode: 'code', environment, attempts: 2 });
    expect(tasks.map((t) => t.attempt)).toEqual([1, 2]);
    expect(new Set(tasks.map((t) => t.groupId)).size).toBe(1);
    expect(tasks[0]?.groupId).toBeTruthy();
    const done = await Promise.all(tasks.map((t) => waitForTask(engine.app, t.id)));
    expect(done.map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    expect(engine.app.store.tasks.list({ groupId: tasks[0]?.groupId ?? '' }).length).toBe(2);
    await expect(engine.app.tasks.create({ prompt: 'too many', mode: 'code', environment, attempts: 5 })).rejects.toThrow(/1 to 4 attempts/);
  });

  it('fails clearly when the setup script fails, and a retry after fixing it succeeds', async () => {
    const environment = await engine.app.environments.create({ name: 'broken-setup', repoPath: repo, setupScript: 'echo preparing\nexit 3\n' });
    const [task] = (await engine.app.tasks.create({ prompt: 'needs setup', mode: 'code', environment })) as [Task];
    const failed = await waitForTask(engine.app, task.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/setup script of environment "broken-setup" exited with 3/);
    await engine.app.environments.update(environment.id, { setupScript: 'echo fixed\n' });
    engine.app.tasks.retry(task.id);
    const retried = await waitForTask(engine.app, task.id);
    expect(retried.status, retried.error ?? '').toBe('succeeded');
    expect(engine.app.store.turns.list(task.id)).toHaveLength(1);
    const seqs = eventsOf(engine.app, task.id).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });
});
