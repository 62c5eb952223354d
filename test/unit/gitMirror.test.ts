import { createHash } from 'node:crypto';
import { realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureMirror, mirrorDir } from '../../electron/git/mirror.js';
import { TempDirs, commitAll, gitDirDigest, makeRepo, sh, userRepoState, write } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => {
  vi.unstubAllEnvs();
  temp.cleanup();
});

function refs(gitDir: string): string {
  return sh(gitDir, ['for-each-ref', '--format=%(objectname) %(refname)']);
}

describe('ensureMirror', () => {
  it('creates one bare mirror per repository under <dataDir>/mirrors, keyed by its real path', async () => {
    const dataDir = temp.make();
    const repo = makeRepo(temp.make());
    const link = path.join(temp.make(), 'link');
    symlinkSync(repo, link);

    const mirror = await ensureMirror(dataDir, repo);
    const key = createHash('sha256').update(realpathSync(repo)).digest('hex').slice(0, 16);
    expect(mirror.gitDir).toBe(path.join(dataDir, 'mirrors', `${key}.git`));
    expect(mirror.gitDir).toBe(mirrorDir(dataDir, realpathSync(repo)));
    expect(sh(mirror.gitDir, ['rev-parse', '--is-bare-repository'])).toBe('true');
    expect((await ensureMirror(dataDir, link)).gitDir).toBe(mirror.gitDir);
  });

  it('lets concurrent first opens share one mirror', async () => {
    const dataDir = temp.make();
    const repo = makeRepo(temp.make());
    const mirrors = await Promise.all([1, 2, 3, 4].map(() => ensureMirror(dataDir, repo)));
    expect(new Set(mirrors.map((mirror) => mirror.gitDir)).size).toBe(1);
    await Promise.all(mirrors.map((mirror) => mirror.refresh()));
    expect(refs(mirrors[0]?.gitDir ?? '')).toContain('refs/heads/main');
  });
});

describe('Mirror.refresh', () => {
  it('copies branches and tags, prunes deleted ones and keeps Codebay refs', async () => {
    const dataDir = temp.make();
    const repo = makeRepo(temp.make());
    sh(repo, ['branch', 'feature']);
    sh(repo, ['tag', '-a', '-m', 'release', 'v1']);
    const mirror = await ensureMirror(dataDir, repo);

    expect(await mirror.refresh()).toEqual({ fetched: true });
    const head = sh(repo, ['rev-parse', 'HEAD']);
    expect(sh(mirror.gitDir, ['rev-parse', 'refs/heads/main', 'refs/heads/feature', 'v1^{commit}']).split('\n')).toEqual([head, head, head]);
    sh(mirror.gitDir, ['update-ref', 'refs/codebay/task-1/0', head]);

    sh(repo, ['branch', '-D', 'feature']);
    sh(repo, ['tag', '-d', 'v1']);
    write(repo, 'b.txt', 'b\n');
    const second = commitAll(repo, 'second');
    expect(await mirror.refresh()).toEqual({ fetched: true });

    const after = refs(mirror.gitDir);
    expect(after).not.toContain('refs/heads/feature');
    expect(after).not.toContain('refs/tags/v1');
    expect(after).toContain(`${second} refs/heads/main`);
    expect(after).toContain(`${head} refs/codebay/task-1/0`);
  });

  // How fast the skip is, is `npm run bench -- "git mirror"`.
  it('skips the fetch when nothing moved', async () => {
    const repo = makeRepo(temp.make());
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();

    expect(await mirror.refresh()).toEqual({ fetched: false });
    expect(await mirror.refresh()).toEqual({ fetched: false });

    sh(repo, ['branch', 'moved']);
    expect(await mirror.refresh()).toEqual({ fetched: true });
  });

  it('never writes to the user repository', async () => {
    const repo = makeRepo(temp.make());
    write(repo, 'README.md', 'edited but not staged\n');
    write(repo, 'untracked.txt', 'new\n');
    sh(repo, ['tag', 'v1']);
    const digest = gitDirDigest(repo);
    const state = userRepoState(repo);

    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    await mirror.refresh();

    expect(gitDirDigest(repo)).toBe(digest);
    expect(userRepoState(repo)).toEqual(state);
  });

  it('explains a source repository that has gone away', async () => {
    const repo = makeRepo(temp.make());
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    rmSync(repo, { recursive: true, force: true });
    await expect(mirror.refresh()).rejects.toThrow(/Could not read the repository .* into Codebay's mirror/);
  });
});

describe('Mirror.ensureCommit', () => {
  it('fetches a commit that no branch or tag holds, and keeps it referenced', async () => {
    const repo = makeRepo(temp.make());
    sh(repo, ['checkout', '--quiet', '--detach']);
    write(repo, 'detached.txt', 'only on a detached HEAD\n');
    const detached = commitAll(repo, 'detached work');
    sh(repo, ['checkout', '--quiet', 'main']);

    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    expect(await mirror.hasCommit(detached)).toBe(false);
    await mirror.ensureCommit(detached);
    expect(await mirror.hasCommit(detached)).toBe(true);
    expect(sh(mirror.gitDir, ['rev-parse', `refs/codebay/bases/${detached}`])).toBe(detached);
  });

  it("fetches by id even when the user's git config asks for protocol v0", async () => {
    const repo = makeRepo(temp.make());
    sh(repo, ['checkout', '--quiet', '--detach']);
    const detached = commitAll(repo, 'detached work');
    sh(repo, ['checkout', '--quiet', 'main']);
    const config = path.join(temp.make(), 'gitconfig');
    writeFileSync(config, '[protocol]\n\tversion = 0\n');
    vi.stubEnv('GIT_CONFIG_GLOBAL', config);

    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.ensureCommit(detached);
    expect(await mirror.hasCommit(detached)).toBe(true);
  });

  it('refuses anything but a full commit id', async () => {
    const repo = makeRepo(temp.make());
    const mirror = await ensureMirror(temp.make(), repo);
    expect(() => mirror.ensureCommit('main')).toThrow(/full commit id/);
  });
});
