import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { rejection } from '../support/assertions.js';
import { DOCSTRING_PATCH, FIX_CALC_PATCH, SUBTRACT_PATCH } from '../support/calcRepo.js';
import { calcTaskWithRemote } from '../support/calcRemote.js';
import { runCli } from '../support/cli.js';
import { useEngine } from '../support/engineFixture.js';
import { commitAll, sh, userRepoState, write } from '../support/gitFixture.js';
import { answer, byPrompt, patch } from '../support/scripts.js';
import { followUpToResult, waitForTask } from '../support/taskWait.js';

const FIX = 'Fix the failing test in calc';
const DOCSTRING = 'Also give add a docstring';
const SUBTRACT = 'Add a sub function too';
const CHANGELOG = 'Start a changelog';
const BRANCH = 'codebay/calc';
const NOTHING = 'Look around and change nothing';

const CHANGELOG_PATCH = ['*** Begin Patch', '*** Add File: CHANGELOG.md', '+- add adds; sub subtracts', '*** End Patch'].join('\n');

describe('follow-ups update the branch and the push they left behind (real Docker, git; scripted model)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt.includes(FIX)) return [patch(FIX_CALC_PATCH), answer('Fixed add.')];
      if (prompt.includes(DOCSTRING)) return [patch(DOCSTRING_PATCH), answer('Added a docstring.')];
      if (prompt.includes(SUBTRACT)) return [patch(SUBTRACT_PATCH), answer('Added sub.')];
      if (prompt.includes(CHANGELOG)) return [patch(CHANGELOG_PATCH), answer('Started a changelog.')];
      if (prompt === NOTHING) return [answer('Nothing needed changing.')];
      return undefined;
    }),
  );
  let repo: string;
  let remote: string;
  let task: Task;
  /** The result commit of each turn, by turn number. */
  const turns: string[] = [];

  const remoteHead = (): string => sh(remote, ['rev-parse', `refs/heads/${BRANCH}`]);
  const followUp = async (prompt: string): Promise<string> => {
    const done = await followUpToResult(engine.app, task.id, prompt);
    task = done.task;
    turns[done.latest.turn] = done.latest.commit;
    return done.latest.commit;
  };
  const cli = (...args: string[]) => runCli(args, { CODEBAY_HOME: engine.app.home });

  beforeAll(async () => {
    const started = await calcTaskWithRemote(engine, FIX);
    ({ repo, remote, task } = started);
    turns[1] = started.firstResult;
  });

  it('creates the branch and pushes it, recording both', async () => {
    expect(await engine.app.results.branch(task.id, BRANCH)).toMatchObject({ name: BRANCH, move: { change: 'created', to: turns[1], toTurn: 1 } });
    expect(await engine.app.results.push(task.id, 'origin')).toMatchObject({ remote: 'origin', branch: BRANCH, move: { change: 'created', toTurn: 1 } });
    expect(remoteHead()).toBe(turns[1]);
    expect(engine.app.store.tasks.get(task.id)).toMatchObject({ branchName: BRANCH, pushedTo: `origin ${BRANCH}` });
  });

  it('after a follow-up, shows the branch and the push behind, and fast-forwards the branch without force', async () => {
    await followUp(DOCSTRING);
    expect(await engine.app.results.shipState(task.id)).toEqual({
      latest: { turn: 2, commit: turns[2] },
      branch: { name: BRANCH, remote: null, commit: turns[1], turn: 1 },
      pushed: { name: BRANCH, remote: 'origin', commit: turns[1], turn: 1 },
      // A bare repository on disk has no web page to open a pull request on.
      pullRequestUrl: null,
      suggestedBranch: BRANCH,
      // The one new turn builds on the branch's, so its own commit can ship as it is.
      commitMessage: `Added a docstring\n\nCodebay task ${task.id}, turn 2`,
      turnCommitsToShip: 1,
      turnCommitsFit: true,
    });
    const before = userRepoState(repo);

    const updated = await engine.app.results.branch(task.id, undefined);
    expect(updated.move).toEqual({ change: 'updated', from: turns[1], to: turns[2], fromTurn: 1, toTurn: 2, commits: 1 });
    expect(sh(repo, ['rev-parse', BRANCH])).toBe(turns[2]);
    sh(repo, ['merge-base', '--is-ancestor', turns[1] ?? '', BRANCH]);
    expect(userRepoState(repo)).toEqual(before);
  });

  it('pushes again to the same remote branch as a fast-forward, and records it', async () => {
    const pushedBefore = engine.app.store.tasks.get(task.id)?.pushedAt ?? 0;
    const again = await engine.app.results.push(task.id, undefined);
    expect(again).toMatchObject({ remote: 'origin', branch: BRANCH, move: { change: 'updated', from: turns[1], to: turns[2], fromTurn: 1, toTurn: 2, commits: 1 } });
    expect(remoteHead()).toBe(turns[2]);
    // Each reflog entry builds on the one before: no push rewrote the branch.
    expect(sh(remote, ['reflog', 'show', '--format=%H', `refs/heads/${BRANCH}`]).split('\n')).toEqual([turns[2], turns[1]]);
    expect(sh(remote, ['rev-list', `${turns[1]}..${turns[2]}`])).toBe(turns[2]);
    expect(engine.app.store.tasks.get(task.id)?.pushedAt).toBeGreaterThanOrEqual(pushedBefore);
    expect((await engine.app.results.shipState(task.id)).pushed).toMatchObject({ commit: turns[2], turn: 2 });
  });

  it('`codebay branch ID` fast-forwards the recorded branch; `codebay push ID` is refused when the remote has commits the task lacks', async () => {
    // Someone else pushes to the task's remote branch meanwhile.
    const other = engine.dirs.make();
    sh(other, ['clone', '--quiet', '--branch', BRANCH, remote, other]);
    write(other, 'NOTES.md', 'reviewed\n');
    const foreign = commitAll(other, 'review notes');
    sh(other, ['push', '--quiet', 'origin', BRANCH]);
    await followUp(SUBTRACT);

    const branched = await cli('branch', task.id);
    expect(branched.code, branched.stderr).toBe(0);
    expect(branched.stdout).toContain(`Updated ${BRANCH} from ${turns[2]?.slice(0, 7)} to ${turns[3]?.slice(0, 7)} (fast-forward): turn 2 → turn 3, 1 new commit in ${repo}`);

    const refused = await cli('push', task.id);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Pushing codebay/calc to origin failed: origin has commits on codebay/calc that the pushed branch does not (git: [rejected] (fetch first))');
    expect(refused.stderr).toMatch(/git pull.*--force/);
    expect(remoteHead()).toBe(foreign);
  });

  it('replaces the remote branch only when forced', async () => {
    const forced = await engine.app.results.push(task.id, undefined, undefined, true);
    expect(forced.move).toMatchObject({ change: 'replaced', to: turns[3], toTurn: 3, fromTurn: null });
    expect(remoteHead()).toBe(turns[3]);
    expect(engine.app.store.tasks.get(task.id)?.pushedTo).toBe(`origin ${BRANCH}`);
  });

  it('refuses to move a branch the user committed on, saying force would discard those commits', async () => {
    const mine = sh(repo, ['commit-tree', `${turns[3]}^{tree}`, '-p', turns[3] ?? '', '-m', 'my own tweak']);
    sh(repo, ['update-ref', `refs/heads/${BRANCH}`, mine]);
    await followUp(CHANGELOG);

    const error = await rejection(engine.app.results.branch(task.id, undefined));
    expect(error.what).toMatch(/which has 1 commit not in the task's result .* so it cannot be fast-forwarded/);
    expect(error.fix).toMatch(/--force.*would discard them/);
    expect(sh(repo, ['rev-parse', BRANCH])).toBe(mine);
    // Pushing again puts the branch on the remote first, so it is refused the same way.
    await expect(engine.app.results.push(task.id, undefined)).rejects.toThrow(/cannot be fast-forwarded/);
    expect(remoteHead()).toBe(turns[3]);

    expect((await engine.app.results.branch(task.id, undefined, true)).move).toMatchObject({ change: 'replaced', from: mine, to: turns[4] });
  });

  it('offers the pull request page only for a remote on a forge it knows', async () => {
    // Read from the remote's URL alone (nothing is fetched), so a GitHub-shaped URL that was never pushed to does.
    sh(repo, ['remote', 'add', 'forge', 'https://github.com/acme/calc.git']);
    const pushedTo = engine.app.store.tasks.get(task.id)?.pushedTo ?? null;
    try {
      engine.app.store.tasks.update(task.id, { pushedTo: `forge ${BRANCH}` });
      expect((await engine.app.results.shipState(task.id)).pullRequestUrl).toMatch(/^https:\/\/github\.com\/acme\/calc\/compare\/.*codebay\/calc/);
    } finally {
      engine.app.store.tasks.update(task.id, { pushedTo });
      sh(repo, ['remote', 'remove', 'forge']);
    }
  });

  it('names a new branch codebay/<title>, adding the end of the task\'s id only when that name is taken', async () => {
    const [created] = (await engine.app.tasks.create({ prompt: FIX, mode: 'code', environment: await engine.app.environments.forRepo(repo) })) as [Task];
    const fixed = await waitForTask(engine.app, created.id);
    expect((await engine.app.results.shipState(fixed.id)).suggestedBranch).toBe('codebay/fix-the-failing-test-in-calc');
    sh(repo, ['branch', 'codebay/fix-the-failing-test-in-calc', 'main']);
    const unique = `codebay/fix-the-failing-test-in-calc-${fixed.id.slice(-6)}`;
    expect((await engine.app.results.shipState(fixed.id)).suggestedBranch).toBe(unique);
    expect((await engine.app.results.branch(fixed.id, undefined)).name).toBe(unique);
    // From then on the task's own branch is the one it updates.
    expect((await engine.app.results.shipState(fixed.id)).suggestedBranch).toBe(unique);
  });

  it('refuses to export, branch or push a task that changed no files, alike and by its title, leaving no branch behind', async () => {
    const [created] = (await engine.app.tasks.create({ prompt: NOTHING, mode: 'code', environment: await engine.app.environments.forRepo(repo) })) as [Task];
    const idle = await waitForTask(engine.app, created.id);
    expect(idle).toMatchObject({ status: 'succeeded', filesChanged: 0 });
    const branchesBefore = sh(repo, ['branch', '--list']);
    const refusal = (action: string) => `“${NOTHING}” changed no files, so there is nothing to ${action}`;
    expect((await rejection(engine.app.results.exportPatch(idle.id, 'patch'))).message).toContain(refusal('export'));
    expect((await rejection(engine.app.results.branch(idle.id, undefined))).message).toContain(refusal('put on a branch'));
    expect((await rejection(engine.app.results.push(idle.id, 'origin'))).message).toContain(refusal('put on a branch'));
    expect(sh(repo, ['branch', '--list'])).toBe(branchesBefore);
    expect((await rejection(engine.app.results.branch(idle.id, undefined))).message).not.toContain(idle.id);
  });
});
