import { beforeAll, describe, expect, it } from 'vitest';
import { Api, ApiError } from '../../electron/api.js';
import { FieldError } from '../../electron/errors.js';
import type { Task } from '../../electron/store/types.js';
import { rejection } from '../support/assertions.js';
import { DOCSTRING_PATCH, FIX_CALC_PATCH, SUBTRACT_PATCH } from '../support/calcRepo.js';
import { calcTaskWithRemote } from '../support/calcRemote.js';
import { runCli } from '../support/cli.js';
import { useEngine } from '../support/engineFixture.js';
import { sh } from '../support/gitFixture.js';
import { answer, byPrompt, patch } from '../support/scripts.js';
import { followUpToResult } from '../support/taskWait.js';

const FIX = 'Fix the failing test in calc';
const DOCSTRING = 'Also give add a docstring';
const SUBTRACT = 'Add a sub function too';
const BRANCH = 'codebay/calc';


/** One commit as git stores it: what a shipped commit is checked against. */
interface CommitFacts {
  tree: string;
  parents: string[];
  author: string;
  committer: string;
  message: string;
}

describe('shipping a task with the user\'s commit message (real Docker, git; scripted model)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt.includes(FIX)) return [patch(FIX_CALC_PATCH), answer('Fixed add.')];
      if (prompt.includes(DOCSTRING)) return [patch(DOCSTRING_PATCH), answer('Added a docstring.')];
      if (prompt.includes(SUBTRACT)) return [patch(SUBTRACT_PATCH), answer('Added sub.')];
      return undefined;
    }),
  );
  let repo: string;
  let remote: string;
  let task: Task;
  let base: string;
  /** The result commit of each turn, by turn number. */
  const turns: string[] = [];

  const facts = (commit: string): CommitFacts => {
    const [tree = '', parents = '', author = '', committer = ''] = sh(repo, ['show', '-s', '--format=%T%n%P%n%an <%ae>%n%cn <%ce>', commit]).split('\n');
    const raw = sh(repo, ['cat-file', 'commit', commit]);
    return { tree, parents: parents.split(' ').filter(Boolean), author, committer, message: raw.slice(raw.indexOf('\n\n') + 2) };
  };
  /** A turn's tree, from the app's mirror: a turn commit reaches the user's repository only when it is shipped itself. */
  const treeOf = async (commit: string): Promise<string> => sh((await engine.app.results.range(task.id)).mirror.gitDir, ['rev-parse', `${commit}^{tree}`]);
  const followUp = async (prompt: string): Promise<void> => {
    const done = await followUpToResult(engine.app, task.id, prompt);
    task = done.task;
    turns[done.latest.turn] = done.latest.commit;
  };
  const cli = (...args: string[]) => runCli(args, { CODEBAY_HOME: engine.app.home });

  beforeAll(async () => {
    const started = await calcTaskWithRemote(engine, FIX, (calc) => {
      sh(calc, ['config', 'user.name', 'Dana Developer']);
      sh(calc, ['config', 'user.email', 'dana@example.com']);
    });
    ({ repo, remote, task } = started);
    base = sh(repo, ['rev-parse', 'main']);
    turns[1] = started.firstResult;
  });

  it('refuses a message without a subject, with a control character or over 64 KiB, at the API and in the engine, creating nothing', async () => {
    const api = new Api(engine.app, 'websocket');
    const cases: [string, RegExp][] = [
      ['  \n\t\n ', /The commit message has no subject line\. Write a first line/],
      ['Fix add\0', /The commit message holds a control character \(U\+0000\) on line 1/],
      ['Fix add\n\nSee \u001b[31mthis', /control character \(U\+001B\) on line 3/],
      [`Fix add\n\n${'x'.repeat(65 * 1024 - 'Fix add\n\n'.length)}`, /The commit message is 65 KiB, more than the 64 KiB a commit message may be/],
    ];
    for (const [message, expected] of cases) {
      const refused = await api.call('tasks.createBranch', { id: task.id, name: 'codebay/refused', message }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ApiError);
      expect((refused as ApiError).body).toMatchObject({ code: 'invalid_params', field: 'message', message: expect.stringMatching(expected) });
      const error = await rejection(engine.app.results.branch(task.id, 'codebay/refused', false, message));
      expect(error).toBeInstanceOf(FieldError);
      expect((error as FieldError).field).toBe('message');
      expect(error.message).toMatch(expected);
    }
    expect(sh(repo, ['branch', '--list', 'codebay/refused'])).toBe('');
  });

  it('suggests the turn commit\'s own message for one turn, and ships that turn commit itself when the message is unchanged', async () => {
    const state = await engine.app.results.shipState(task.id);
    const own = `Fixed add\n\nCodebay task ${task.id}, turn 1`;
    expect(state).toMatchObject({ commitMessage: own, turnCommitsToShip: 1, turnCommitsFit: true });

    // Trailing spaces and blank lines are what a textarea adds; they do not make it another message.
    const shipped = await engine.app.results.branch(task.id, BRANCH, false, `${own.replace('Fixed add', 'Fixed add  ')}\n\n`);
    expect(shipped).toMatchObject({ commit: turns[1], move: { change: 'created', toTurn: 1 } });
    expect(facts(turns[1] ?? '').message).toBe(own);
    expect(engine.app.store.tasks.get(task.id)).toMatchObject({ shipCommit: null, shipTurn: null });
  });

  it('ships one commit with an edited message: the result\'s tree on what the branch holds, the user as author, Codebay as committer', async () => {
    await followUp(DOCSTRING);
    const state = await engine.app.results.shipState(task.id);
    expect(state).toMatchObject({ turnCommitsToShip: 1, turnCommitsFit: true, commitMessage: expect.stringMatching(/^Added a docstring\n/) });

    const message = 'Document add\n\nSo readers of calc.py know what it returns.';
    const shipped = await engine.app.results.branch(task.id, undefined, false, message);
    expect(shipped.name).toBe(BRANCH);
    expect(facts(shipped.commit)).toEqual({
      tree: await treeOf(turns[2] ?? ''),
      parents: [turns[1]],
      author: 'Dana Developer <dana@example.com>',
      committer: 'Codebay <codebay@localhost>',
      message,
    });
    expect(shipped.move).toEqual({ change: 'updated', from: turns[1], to: shipped.commit, fromTurn: 1, toTurn: 2, commits: 1 });
    expect(engine.app.store.tasks.get(task.id)).toMatchObject({ shipCommit: shipped.commit, shipTurn: 2 });
    // The shipped commit counts as the turn whose tree it has, so the branch reads as up to date.
    expect((await engine.app.results.shipState(task.id)).branch).toEqual({ name: BRANCH, remote: null, commit: shipped.commit, turn: 2 });
  });

  it('refuses a new message when the branch already holds the newest turn, and takes the one it has', async () => {
    const held = sh(repo, ['rev-parse', BRANCH]);
    const state = await engine.app.results.shipState(task.id);
    expect(state).toMatchObject({ turnCommitsToShip: 0, commitMessage: 'Document add\n\nSo readers of calc.py know what it returns.' });
    expect((await engine.app.results.branch(task.id, undefined, false, state.commitMessage ?? '')).move.change).toBe('unchanged');
    const error = await rejection(engine.app.results.branch(task.id, undefined, false, 'Something else'));
    expect(error.what).toBe(`${BRANCH} already holds turn 2 of “${FIX}”, so there is no new turn to commit with this message`);
    expect(sh(repo, ['rev-parse', BRANCH])).toBe(held);
  });

  it('after a follow-up, stacks the new turn as one commit on the shipped one, so branch and push fast-forward', async () => {
    const shippedBefore = sh(repo, ['rev-parse', BRANCH]);
    expect((await engine.app.results.push(task.id, 'origin')).move).toMatchObject({ change: 'created', toTurn: 2 });
    await followUp(SUBTRACT);

    const state = await engine.app.results.shipState(task.id);
    expect(state.turnCommitsToShip).toBe(1);
    expect(state.turnCommitsFit).toBe(false);
    expect(state.commitMessage).toBe(`Fix the failing test in calc\n\n- Added sub\n\nCodebay task ${task.id}, turn 3`);
    // The turn commits build on turn 2's, not on the shipped commit: without a message the branch cannot fast-forward.
    await expect(engine.app.results.branch(task.id, undefined)).rejects.toThrow(/holds the commit Codebay made with your message for turn 2 .* do not build on it\. Ship with a commit message/);

    const pushed = await engine.app.results.push(task.id, undefined, undefined, false, state.commitMessage ?? '');
    const head = sh(repo, ['rev-parse', BRANCH]);
    expect(facts(head)).toMatchObject({ tree: await treeOf(turns[3] ?? ''), parents: [shippedBefore], message: state.commitMessage });
    expect(pushed.move).toMatchObject({ change: 'updated', to: head, fromTurn: 2, toTurn: 3 });
    expect(sh(remote, ['rev-parse', `refs/heads/${BRANCH}`])).toBe(head);
    expect(await engine.app.results.shipState(task.id)).toMatchObject({ branch: { commit: head, turn: 3 }, pushed: { commit: head, turn: 3 }, turnCommitsToShip: 0 });
  });

  it('on a new branch, ships every turn as one commit on the task\'s base; `codebay branch -m` and `codebay push --message` do the same', async () => {
    const squashed = await engine.app.results.branch(task.id, 'codebay/squashed', false, 'Fix, document and extend calc');
    expect(facts(squashed.commit)).toMatchObject({ tree: await treeOf(turns[3] ?? ''), parents: [base], message: 'Fix, document and extend calc' });
    // Recorded as the newest commit Codebay shipped with a message; the task's branch is now this one.
    expect(engine.app.store.tasks.get(task.id)).toMatchObject({ branchName: 'codebay/squashed', shipCommit: squashed.commit, shipTurn: 3 });

    const branched = await cli('branch', task.id, '--name', 'codebay/from-cli', '-m', 'Calc from the command line\n\nWith a body.');
    expect(branched.code, branched.stderr).toBe(0);
    expect(branched.stdout).toContain('Created codebay/from-cli at');
    expect(facts(sh(repo, ['rev-parse', 'codebay/from-cli']))).toMatchObject({ parents: [base], message: 'Calc from the command line\n\nWith a body.', author: 'Dana Developer <dana@example.com>' });

    const pushed = await cli('push', task.id, '--remote', 'origin', '--branch', 'codebay/pushed-from-cli', '--message', 'Pushed from the command line');
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(facts(sh(remote, ['rev-parse', 'refs/heads/codebay/pushed-from-cli']))).toMatchObject({ parents: [base], message: 'Pushed from the command line' });

    const refused = await cli('branch', task.id, '--name', 'codebay/empty', '-m', '   ');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('The commit message has no subject line');
    expect(sh(repo, ['branch', '--list', 'codebay/empty'])).toBe('');
  });
});
