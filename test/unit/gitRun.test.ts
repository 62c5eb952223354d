import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionableError } from '../../electron/errors.js';
import { unifiedDiff } from '../../electron/git/diff.js';
import { ensureMirror } from '../../electron/git/mirror.js';
import { validateRepo } from '../../electron/git/repo.js';
import { GitCommandError, git, runGit } from '../../electron/git/run.js';
import { snapshotUncommitted } from '../../electron/git/snapshot.js';
import { TempDirs, gitDirDigest, makeChangeRange, makeRepo, sh, write } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => {
  vi.unstubAllEnvs();
  temp.cleanup();
});

describe('runGit', () => {
  it('ignores repository variables inherited from whoever started Codebay', async () => {
    const repo = makeRepo(temp.make());
    const elsewhere = makeRepo(temp.make(), { 'other.txt': 'other\n' });
    write(repo, 'README.md', 'dirty\n');
    vi.stubEnv('GIT_DIR', path.join(elsewhere, '.git'));
    vi.stubEnv('GIT_WORK_TREE', elsewhere);
    vi.stubEnv('GIT_INDEX_FILE', path.join(elsewhere, '.git', 'index'));
    const digest = gitDirDigest(elsewhere);

    expect((await validateRepo(repo)).headCommit).toBe(sh(repo, ['rev-parse', 'HEAD']));
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    const snapshot = await snapshotUncommitted(repo, mirror, sh(repo, ['rev-parse', 'HEAD']));
    expect(sh(mirror.gitDir, ['show', `${snapshot.commit}:README.md`])).toBe('dirty');
    expect(gitDirDigest(elsewhere)).toBe(digest);
  });

  it("keeps Codebay's own diffs independent of the user's global git config", async () => {
    const { repo, base, to } = makeChangeRange(temp.make());
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    const hostile = path.join(temp.make(), 'gitconfig');
    writeFileSync(hostile, '[diff]\n\tnoprefix = true\n\trenames = false\n[color]\n\tui = always\n\tdiff = always\n');
    vi.stubEnv('GIT_CONFIG_GLOBAL', hostile);

    const patch = (await unifiedDiff(mirror, base, to)).toString('utf8');
    expect(patch).toContain('diff --git a/src/app.txt b/src/app.txt');
    expect(patch).toContain('rename from old name.txt');
    expect(patch).not.toContain('\x1b[');
  });

  it('reports the command, exit code and stderr of a failure', async () => {
    const repo = makeRepo(temp.make());
    const error: unknown = await runGit(['rev-parse', '--verify', 'no-such-ref'], { cwd: repo }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).exitCode).toBe(128);
    expect((error as GitCommandError).message).toMatch(/git rev-parse --verify no-such-ref failed with exit code 128 in .*: fatal: Needed a single revision/);
  });

  it('treats listed exit codes as answers', async () => {
    const repo = makeRepo(temp.make());
    const result = await runGit(['rev-parse', '--verify', '--quiet', 'no-such-ref'], { cwd: repo, okExitCodes: [1] });
    expect(result.exitCode).toBe(1);
  });

  it('stops a command whose output exceeds the limit', async () => {
    const repo = makeRepo(temp.make(), { 'big.txt': 'x'.repeat(100_000) });
    await expect(runGit(['cat-file', '-p', 'HEAD:big.txt'], { cwd: repo, maxBytes: 1000 })).rejects.toThrow(/more than 1000 bytes of output and was stopped/);
  });

  it('stops a command that runs too long', async () => {
    const repo = makeRepo(temp.make());
    // The alias runs a shell child; the timeout must stop it too, not just git.
    const started = Date.now();
    await expect(runGit(['-c', 'alias.wait=!sleep 30', 'wait'], { cwd: repo, timeoutMs: 200 })).rejects.toThrow(/did not finish within 0.2 s/);
    // Tests that the 200 ms timeout stops the 30 s child, not speed: far from both.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('passes input on stdin', async () => {
    expect(await git(['hash-object', '--stdin'], { input: 'hello\n' })).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('explains a working folder that does not exist', async () => {
    const missing = path.join(temp.make(), 'gone');
    await expect(git(['status'], { cwd: missing })).rejects.toBeInstanceOf(ActionableError);
    await expect(git(['status'], { cwd: missing })).rejects.toThrow(/does not exist/);
  });
});
