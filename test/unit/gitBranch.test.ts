import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBranch } from '../../electron/git/branch.js';
import { createBundle, importBundle } from '../../electron/git/bundle.js';
import { ensureMirror } from '../../electron/git/mirror.js';
import type { Mirror } from '../../electron/git/mirror.js';
import { TempDirs, commitAll, makeDirtyRepo, sh, userRepoState, write } from '../support/gitFixture.js';
import { rejection } from '../support/assertions.js';

const temp = new TempDirs();
afterEach(() => {
  vi.unstubAllEnvs();
  temp.cleanup();
});

/** A user repository with uncommitted work, and a turn commit that exists only in the mirror. */
async function repoWithTurn(): Promise<{ repo: string; mirror: Mirror; base: string; turn: string }> {
  const repo = makeDirtyRepo(temp.make());
  const base = sh(repo, ['rev-parse', 'HEAD']);
  const mirror = await ensureMirror(temp.make(), repo);
  await mirror.refresh();
  const given = path.join(temp.make(), 'base.bundle');
  await createBundle(mirror, { commit: base, file: given });
  const sandbox = path.join(temp.make(), 'sandbox');
  sh(temp.make(), ['clone', '--quiet', given, sandbox]);
  write(sandbox, 'agent.txt', 'from the agent\n');
  commitAll(sandbox, 'agent turn');
  const out = path.join(temp.make(), 'turn.bundle');
  sh(sandbox, ['bundle', 'create', '--quiet', out, 'HEAD', `^${base}`]);
  const { commit } = await importBundle(mirror, out, 'refs/codebay/task/1');
  return { repo, mirror, base, turn: commit };
}


describe('createBranch', () => {
  it("creates the branch in the user's repository without touching HEAD, index or working tree", async () => {
    const { repo, mirror, turn } = await repoWithTurn();
    expect(() => sh(repo, ['cat-file', '-e', turn])).toThrow();
    const state = userRepoState(repo);

    expect(await createBranch(repo, mirror, turn, 'codebay/fix-login')).toEqual({ ref: 'refs/heads/codebay/fix-login', commit: turn, change: 'created' });

    expect(sh(repo, ['rev-parse', 'refs/heads/codebay/fix-login'])).toBe(turn);
    expect(sh(repo, ['show', `${turn}:agent.txt`])).toBe('from the agent');
    expect(userRepoState(repo)).toEqual(state);
  });

  it('never overwrites an existing branch unless forced', async () => {
    const { repo, mirror, base, turn } = await repoWithTurn();
    sh(repo, ['branch', 'taken', base]);
    const error = await rejection(createBranch(repo, mirror, turn, 'taken'));
    expect(error.what).toMatch(/already exists/);
    expect(sh(repo, ['rev-parse', 'taken'])).toBe(base);

    expect(await createBranch(repo, mirror, turn, 'taken', { force: true })).toEqual({ ref: 'refs/heads/taken', commit: turn, change: 'updated', previous: base });
    expect(sh(repo, ['rev-parse', 'taken'])).toBe(turn);
  });

  it('fast-forwards a branch the commit builds on, and says so when it is already there', async () => {
    const { repo, mirror, base, turn } = await repoWithTurn();
    sh(repo, ['branch', 'ours', base]);
    expect(await createBranch(repo, mirror, turn, 'ours', { fastForward: true })).toEqual({ ref: 'refs/heads/ours', commit: turn, change: 'updated', previous: base });
    expect(await createBranch(repo, mirror, turn, 'ours', { fastForward: true })).toEqual({ ref: 'refs/heads/ours', commit: turn, change: 'unchanged', previous: turn });
    expect(sh(repo, ['reflog', '--format=%gs', 'refs/heads/ours'])).toBe(['codebay: set branch to task result', 'branch: Created from ' + base].join('\n'));
  });

  it('refuses to fast-forward a branch with commits the result lacks, and replaces it only when forced', async () => {
    const { repo, mirror, base, turn } = await repoWithTurn();
    sh(repo, ['branch', 'ours', base]);
    const elsewhere = sh(repo, ['commit-tree', `${base}^{tree}`, '-p', base, '-m', 'made by hand']);
    sh(repo, ['update-ref', 'refs/heads/ours', elsewhere]);

    const error = await rejection(createBranch(repo, mirror, turn, 'ours', { fastForward: true }));
    expect(error.what).toMatch(new RegExp(`ours .* is at ${elsewhere.slice(0, 7)}, which has 1 commit not in the task's result`));
    expect(error.fix).toMatch(/--force.*would discard them/);
    expect(sh(repo, ['rev-parse', 'ours'])).toBe(elsewhere);

    expect(await createBranch(repo, mirror, turn, 'ours', { force: true })).toEqual({ ref: 'refs/heads/ours', commit: turn, change: 'replaced', previous: elsewhere });
  });

  it('refuses to move a checked-out branch, in the main or a linked work tree', async () => {
    const { repo, mirror, base, turn } = await repoWithTurn();
    const state = userRepoState(repo);
    expect((await rejection(createBranch(repo, mirror, turn, 'main', { force: true }))).what).toMatch(/is checked out/);

    sh(repo, ['branch', 'elsewhere', base]);
    sh(repo, ['worktree', 'add', '--quiet', path.join(temp.make(), 'wt'), 'elsewhere']);
    expect((await rejection(createBranch(repo, mirror, turn, 'elsewhere', { force: true }))).what).toMatch(/is checked out/);
    expect(sh(repo, ['rev-parse', 'main', 'elsewhere'])).toBe(`${base}\n${base}`);
    expect(userRepoState(repo)).toEqual(state);
  });

  it("works whatever protocol version the user's git config asks for", async () => {
    const { repo, mirror, turn } = await repoWithTurn();
    // Protocol v0 refuses commits that are not a ref's tip; make the turn one such.
    const next = sh(mirror.gitDir, ['commit-tree', `${turn}^{tree}`, '-p', turn, '-m', 'next turn']);
    sh(mirror.gitDir, ['update-ref', 'refs/codebay/task/1', next]);
    const config = path.join(temp.make(), 'gitconfig');
    writeFileSync(config, '[protocol]\n\tversion = 0\n');
    vi.stubEnv('GIT_CONFIG_GLOBAL', config);
    await createBranch(repo, mirror, turn, 'v0-user');
    expect(sh(repo, ['rev-parse', 'refs/heads/v0-user'])).toBe(turn);
  });

  it('explains a commit the mirror does not have', async () => {
    const { repo, mirror } = await repoWithTurn();
    const error = await rejection(createBranch(repo, mirror, 'f'.repeat(40), 'ghost'));
    expect(error.what).toMatch(/Could not copy commit f{40}/);
    expect(() => sh(repo, ['rev-parse', '--verify', 'refs/heads/ghost'])).toThrow();
  });

  it.each(['bad..name', 'has space', '-dash', '@{-1}', 'ends.lock', 'trailing/', 'x~1', 'a:b', ''])('rejects the branch name %j', async (name) => {
    const { repo, mirror, turn } = await repoWithTurn();
    expect((await rejection(createBranch(repo, mirror, turn, name))).what).toMatch(/is not a valid branch name/);
  });
});
