import { symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveBase, validateRepo } from '../../electron/git/repo.js';
import { TempDirs, commitAll, makeRepo, sh, write } from '../support/gitFixture.js';
import { rejection } from '../support/assertions.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());


describe('validateRepo', () => {
  it('describes a repository on a branch, from any folder inside it', async () => {
    const repo = makeRepo(temp.make());
    mkdirSync(path.join(repo, 'sub', 'deeper'), { recursive: true });
    const info = await validateRepo(path.join(repo, 'sub', 'deeper'));
    expect(info).toEqual({ root: sh(repo, ['rev-parse', '--show-toplevel']), headBranch: 'main', headCommit: sh(repo, ['rev-parse', 'HEAD']) });
  });

  it('reports a detached HEAD without a branch', async () => {
    const repo = makeRepo(temp.make());
    const first = sh(repo, ['rev-parse', 'HEAD']);
    write(repo, 'b.txt', 'b\n');
    commitAll(repo, 'second');
    sh(repo, ['checkout', '--quiet', '--detach', first]);
    const info = await validateRepo(repo);
    expect(info.headBranch).toBeUndefined();
    expect(info.headCommit).toBe(first);
  });

  it('resolves a symlinked path to the real top-level folder', async () => {
    const repo = makeRepo(temp.make());
    const link = path.join(temp.make(), 'link');
    symlinkSync(repo, link);
    expect((await validateRepo(link)).root).toBe(sh(repo, ['rev-parse', '--show-toplevel']));
  });

  it('explains a missing folder', async () => {
    const missing = path.join(temp.make(), 'nope');
    const error = await rejection(validateRepo(missing));
    expect(error.what).toContain(missing);
    expect(error.what).toMatch(/does not exist/);
  });

  it('explains a file given instead of a folder', async () => {
    const file = path.join(temp.make(), 'file.txt');
    writeFileSync(file, 'x');
    expect((await rejection(validateRepo(file))).what).toMatch(/is a file, not a folder/);
  });

  it('explains a folder that is not a repository', async () => {
    const dir = temp.make();
    const error = await rejection(validateRepo(dir));
    expect(error.what).toMatch(/is not a git repository/);
    expect(error.fix).toMatch(/git init/);
  });

  it('explains a bare repository', async () => {
    const bare = temp.make();
    sh(bare, ['init', '--quiet', '--bare', bare]);
    expect((await rejection(validateRepo(bare))).what).toMatch(/bare git repository/);
  });

  it('explains a repository with no commits', async () => {
    const dir = temp.make();
    sh(dir, ['init', '--quiet', dir]);
    const error = await rejection(validateRepo(dir));
    expect(error.what).toMatch(/has no commits yet/);
    expect(error.fix).toMatch(/git commit/);
  });
});

describe('resolveBase', () => {
  it('resolves branches, lightweight and annotated tags, and short commit ids to full commit ids', async () => {
    const repo = makeRepo(temp.make());
    const first = sh(repo, ['rev-parse', 'HEAD']);
    sh(repo, ['tag', 'light']);
    sh(repo, ['tag', '-a', '-m', 'annotated', 'v1.0']);
    sh(repo, ['branch', 'feature/x']);
    write(repo, 'b.txt', 'b\n');
    const second = commitAll(repo, 'second');

    expect(await resolveBase(repo, 'main')).toBe(second);
    expect(await resolveBase(repo, 'feature/x')).toBe(first);
    expect(await resolveBase(repo, 'light')).toBe(first);
    expect(await resolveBase(repo, 'v1.0')).toBe(first);
    expect(await resolveBase(repo, first.slice(0, 10))).toBe(first);
    expect(await resolveBase(repo, ' main ')).toBe(second);
  });

  it('names an unknown ref and lists branches to pick from', async () => {
    const repo = makeRepo(temp.make());
    sh(repo, ['branch', 'develop']);
    const error = await rejection(resolveBase(repo, 'no-such-branch'));
    expect(error.what).toContain('"no-such-branch"');
    expect(error.fix).toContain('develop');
    expect(error.fix).toContain('main');
  });

  it('refuses values git would read as options', async () => {
    const repo = makeRepo(temp.make());
    expect((await rejection(resolveBase(repo, '--all'))).what).toMatch(/not a valid git revision/);
    expect((await rejection(resolveBase(repo, ''))).what).toMatch(/not a valid git revision/);
  });

  it('refuses a tree id, which is not a commit', async () => {
    const repo = makeRepo(temp.make());
    const tree = sh(repo, ['rev-parse', 'HEAD^{tree}']);
    expect((await rejection(resolveBase(repo, tree))).what).toContain(tree);
  });
});
