import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureMirror } from '../../electron/git/mirror.js';
import { snapshotUncommitted } from '../../electron/git/snapshot.js';
import { TempDirs, binaryBlob, gitDirDigest, makeDirtyRepo, makeRepo, sh, shBytes, userRepoState, write } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

function filesIn(gitDir: string, commit: string): string[] {
  return sh(gitDir, ['ls-tree', '-r', '-z', '--name-only', commit]).split('\0').filter(Boolean).sort();
}

describe('snapshotUncommitted', () => {
  it('records edits, deletions, binary changes and untracked files with awkward names, but not ignored files', async () => {
    const repo = makeDirtyRepo(temp.make());
    const base = sh(repo, ['rev-parse', 'HEAD']);
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();

    const snapshot = await snapshotUncommitted(repo, mirror, base, 'snap-1');

    expect(snapshot.ref).toBe('refs/codebay/snapshots/snap-1');
    expect(snapshot.hasChanges).toBe(true);
    expect(sh(mirror.gitDir, ['rev-parse', snapshot.ref])).toBe(snapshot.commit);
    expect(sh(mirror.gitDir, ['rev-parse', `${snapshot.commit}^`])).toBe(base);
    expect(filesIn(mirror.gitDir, snapshot.commit)).toEqual(
      ['.gitignore', 'README.md', 'image.bin', 'line\nbreak.txt', 'new file with spaces.txt', 'src/app.txt', 'ünïcødé/日本.txt'].sort(),
    );
    expect(sh(mirror.gitDir, ['show', `${snapshot.commit}:src/app.txt`])).toBe('one\nTWO\nthree\nfour');
    expect(shBytes(mirror.gitDir, ['show', `${snapshot.commit}:image.bin`]).equals(binaryBlob(2))).toBe(true);
    expect(sh(mirror.gitDir, ['show', `${snapshot.commit}:line\nbreak.txt`])).toBe('newline in name');
    // Every object the snapshot needs is in the mirror itself, not borrowed from elsewhere.
    expect(sh(mirror.gitDir, ['fsck', '--connectivity-only', '--no-dangling'])).toBe('');
  });

  it('sees a same-size edit made in the same timestamp tick as the index was written', async () => {
    const repo = makeRepo(temp.make());
    const tick = new Date('2026-01-02T03:04:05Z');
    // Committed, then rewritten with the same size, all within one tick: only git's
    // racy-clean check (file mtime not older than the index's) finds the change.
    writeFileSync(path.join(repo, 'data.bin'), binaryBlob(1));
    utimesSync(path.join(repo, 'data.bin'), tick, tick);
    sh(repo, ['add', 'data.bin']);
    sh(repo, ['commit', '--quiet', '-m', 'same tick']);
    writeFileSync(path.join(repo, 'data.bin'), binaryBlob(2));
    utimesSync(path.join(repo, 'data.bin'), tick, tick);
    utimesSync(path.join(repo, '.git', 'index'), tick, tick);
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();

    const snapshot = await snapshotUncommitted(repo, mirror, sh(repo, ['rev-parse', 'HEAD']));

    expect(snapshot.hasChanges).toBe(true);
    expect(shBytes(mirror.gitDir, ['show', `${snapshot.commit}:data.bin`]).equals(binaryBlob(2))).toBe(true);
  });

  it('leaves the user repository byte for byte as it was', async () => {
    const repo = makeDirtyRepo(temp.make());
    write(repo, 'staged.txt', 'staged then edited\n');
    sh(repo, ['add', 'staged.txt']);
    write(repo, 'staged.txt', 'staged then edited, again\n');
    const digest = gitDirDigest(repo);
    const state = userRepoState(repo);
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();

    const snapshot = await snapshotUncommitted(repo, mirror, state.headCommit);

    expect(sh(mirror.gitDir, ['show', `${snapshot.commit}:staged.txt`])).toBe('staged then edited, again');
    expect(gitDirDigest(repo)).toBe(digest);
    expect(userRepoState(repo)).toEqual(state);
    expect(state.status).toContain('AM staged.txt');
  });

  it('says when the working tree has no changes', async () => {
    const repo = makeRepo(temp.make());
    const base = sh(repo, ['rev-parse', 'HEAD']);
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    const snapshot = await snapshotUncommitted(repo, mirror, base);
    expect(snapshot.hasChanges).toBe(false);
    expect(sh(mirror.gitDir, ['rev-parse', `${snapshot.commit}^{tree}`])).toBe(sh(repo, ['rev-parse', 'HEAD^{tree}']));
  });

  it('works before the mirror has the base, fetching whatever it lacks', async () => {
    const repo = makeDirtyRepo(temp.make());
    const base = sh(repo, ['rev-parse', 'HEAD']);
    const mirror = await ensureMirror(temp.make(), repo);
    const snapshot = await snapshotUncommitted(repo, mirror, base);
    expect(sh(mirror.gitDir, ['rev-parse', `${snapshot.commit}^`])).toBe(base);
    expect(sh(mirror.gitDir, ['fsck', '--connectivity-only', '--no-dangling'])).toBe('');
  });

  it('snapshots a linked work tree from its own index', async () => {
    const repo = makeRepo(temp.make());
    const worktree = path.join(temp.make(), 'wt');
    sh(repo, ['worktree', 'add', '--quiet', '-b', 'side', worktree]);
    write(worktree, 'README.md', 'edited in the linked work tree\n');
    write(worktree, 'extra.txt', 'untracked there\n');
    const digest = gitDirDigest(repo);
    const mirror = await ensureMirror(temp.make(), worktree);
    await mirror.refresh();

    const snapshot = await snapshotUncommitted(worktree, mirror, sh(worktree, ['rev-parse', 'HEAD']));
    expect(filesIn(mirror.gitDir, snapshot.commit)).toEqual(['README.md', 'extra.txt']);
    expect(sh(mirror.gitDir, ['show', `${snapshot.commit}:README.md`])).toBe('edited in the linked work tree');
    expect(gitDirDigest(repo)).toBe(digest);
  });

  it('refuses a base that is not a full commit id', async () => {
    const repo = makeRepo(temp.make());
    const mirror = await ensureMirror(temp.make(), repo);
    await expect(snapshotUncommitted(repo, mirror, 'HEAD')).rejects.toThrow(/full commit id/);
  });
});
