import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { makeCalcRepo, FIX_CALC_PATCH } from '../support/calcRepo.js';
import { eventsOf } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { sh, userRepoState } from '../support/gitFixture.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

describe.each(['chat', 'responses'] as const)('a code task end to end on the %s wire (real Docker, git, SQLite; scripted model)', (wire) => {
  const engine = useEngine(
    byPrompt(() => [
      shell(['python3', '-m', 'unittest', '-q']),
      shell(['seq', '1', '5000']),
      patch(FIX_CALC_PATCH),
      shell(['python3', '-m', 'unittest', '-q']),
      answer('Fixed `add` to add instead of subtract 【F:calc.py†L1-L2】; the test now passes 【call_4†L1-L3】.'),
    ]),
    { wire },
  );
  let repo: string;
  let task: Task;
  let before: ReturnType<typeof userRepoState>;

  beforeAll(async () => {
    repo = makeCalcRepo(engine.dirs.make());
    // The user's own identity, which the turn's commit is authored by.
    sh(repo, ['config', 'user.name', 'Dana Developer']);
    sh(repo, ['config', 'user.email', 'dana@example.com']);
    before = userRepoState(repo);
    const environment = await engine.app.environments.forRepo(repo);
    [task] = (await engine.app.tasks.create({ prompt: 'Fix the failing test in calc', mode: 'code', environment })) as [Task];
    task = await waitForTask(engine.app, task.id);
  });

  it('succeeds with the diff counted on the task', () => {
    expect(task.status, task.error ?? '').toBe('succeeded');
    expect(task).toMatchObject({ linesAdded: 1, linesRemoved: 1, filesChanged: 1 });
    expect(task.inputTokens).toBeGreaterThan(0);
  });

  it('logs a gap-free event stream that tells the whole story', () => {
    const events = eventsOf(engine.app, task.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('task.status');
    expect(types).toContain('turn.started');
    const ends = events.filter((e) => e.type === 'exec.end');
    expect(ends.map((e) => (e.type === 'exec.end' ? e.exitCode : null))).toEqual([1, 0, 0]);
    expect(events.find((e) => e.type === 'patch.applied')).toMatchObject({ ok: true, files: ['calc.py'] });
    expect(events.findLast((e) => e.type === 'diff.stats')).toMatchObject({ filesChanged: 1, linesAdded: 1, linesRemoved: 1 });
    expect(events.find((e) => e.type === 'turn.completed')).toMatchObject({ turn: 1, summary: expect.stringContaining('【F:calc.py†L1-L2】') });
    expect(events.at(-1)).toMatchObject({ type: 'task.status', status: 'succeeded' });
    const output = events.filter((e) => e.type === 'exec.output').map((e) => (e.type === 'exec.output' ? e.text : '')).join('');
    expect(output).toMatch(/FAILED \(failures=1\)/);
    // The log keeps every line of a long output; only the model's copy is cut.
    expect(output).toContain('\n2500\n');
    expect(output).toContain('\n5000\n');
  });

  it('leaves the user repository byte-identical', () => {
    expect(userRepoState(repo)).toEqual(before);
  });

  it('diffs from the mirror, per turn and cumulative', async () => {
    const diff = (await engine.app.results.diff(task.id)).toString();
    expect(diff).toContain('-    return a - b');
    expect(diff).toContain('+    return a + b');
    expect((await engine.app.results.diff(task.id, 1)).toString()).toBe(diff);
    const versions = await engine.app.results.file(task.id, 'calc.py', undefined);
    expect(versions.original).toBe('def add(a, b):\n    return a - b\n');
    expect(versions.modified).toBe('def add(a, b):\n    return a + b\n');
  });

  it('exports a patch that applies on a fresh clone, and an mbox that git am takes', async () => {
    const clone = engine.dirs.make();
    sh(clone, ['clone', '--quiet', repo, clone]);
    const patchFile = path.join(engine.dirs.make(), 'task.patch');
    writeFileSync(patchFile, await engine.app.results.exportPatch(task.id, 'patch'));
    sh(clone, ['apply', '--check', patchFile]);
    const mboxFile = path.join(engine.dirs.make(), 'task.mbox');
    writeFileSync(mboxFile, await engine.app.results.exportPatch(task.id, 'mbox'));
    sh(clone, ['am', '--quiet', mboxFile]);
    expect(readFileSync(path.join(clone, 'calc.py'), 'utf8')).toContain('return a + b');
    expect(sh(clone, ['log', '-1', '--format=%an|%s'])).toBe('Dana Developer|Fix the failing test in calc');
    expect(engine.app.store.tasks.get(task.id)?.exportedAt).toBeGreaterThan(0);
  });

  it('creates a branch without touching the working tree, index or HEAD, and refuses to overwrite it', async () => {
    const created = await engine.app.results.branch(task.id, 'fix/calc');
    expect(userRepoState(repo)).toEqual(before);
    expect(sh(repo, ['rev-parse', 'fix/calc'])).toBe(created.commit);
    expect(sh(repo, ['show', 'fix/calc:calc.py'])).toContain('return a + b');
    // Authored by the user, committed by Codebay, with the agent's summary line as the subject.
    expect(sh(repo, ['log', '-1', '--format=%an <%ae>|%cn <%ce>|%s', 'fix/calc'])).toBe('Dana Developer <dana@example.com>|Codebay <codebay@localhost>|Fixed `add` to add instead of subtract; the test now passes');
    expect(sh(repo, ['log', '-1', '--format=%b', 'fix/calc'])).toBe(`Codebay task ${task.id}, turn 1`);
    sh(repo, ['branch', 'taken']);
    await expect(engine.app.results.branch(task.id, 'taken')).rejects.toThrow(/already exists/);
    await expect(engine.app.results.branch(task.id, 'bad..name')).rejects.toThrow(/not a valid branch name|invalid/i);
  });

  it('pushes the branch to a remote of the user repository', async () => {
    const remote = engine.dirs.make();
    execFileSync('git', ['init', '--quiet', '--bare', remote]);
    sh(repo, ['remote', 'add', 'backup', remote]);
    const pushed = await engine.app.results.push(task.id, 'backup', 'fix/calc');
    expect(pushed.branch).toBe('fix/calc');
    expect(execFileSync('git', ['--git-dir', remote, 'rev-parse', 'refs/heads/fix/calc']).toString().trim()).toBe(sh(repo, ['rev-parse', 'fix/calc']));
    await expect(engine.app.results.push(task.id, 'nowhere', 'fix/calc')).rejects.toThrow(/nowhere/);
  });

  it('sent the model the AGENTS.md text, the tools, and a head-and-tail cut of long output', () => {
    const endpoint = wire === 'chat' ? '/v1/chat/completions' : '/v1/responses';
    const calls = engine.model.requests.filter((r) => r.path === endpoint);
    expect(calls.length).toBe(5);
    const first = JSON.stringify(calls[0]?.body);
    expect(first).toContain('Run the tests with `python3 -m unittest -q`.');
    expect(first).toContain('"apply_patch"');
    expect(first).toContain('"shell"');
    expect(first).toContain('"update_plan"');
    const afterSeq = JSON.stringify(calls[2]?.body);
    expect(afterSeq).toMatch(/omitted of 5,000/);
    expect(afterSeq).toContain('\\n128\\n');
    expect(afterSeq).not.toContain('\\n2500\\n');
    expect(afterSeq).toContain('\\n5000');
    for (const call of calls) expect(JSON.stringify(call.body)).not.toContain('sk-test-key');
    expect(calls.every((c) => c.headers.authorization === 'Bearer sk-test-key-0123456789')).toBe(true);
  });
});
