import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionableError } from '../../electron/errors.js';
import { createBundle, importBundle } from '../../electron/git/bundle.js';
import { ensureMirror } from '../../electron/git/mirror.js';
import type { Mirror } from '../../electron/git/mirror.js';
import { turnRef } from '../../electron/git/refs.js';
import { TempDirs, binaryBlob, commitAll, gitDirDigest, makeRepo, sh, userRepoState, write } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

async function mirroredRepo(): Promise<{ repo: string; mirror: Mirror; base: string }> {
  const repo = makeRepo(temp.make(), { 'README.md': '# demo\n', 'data.bin': binaryBlob(3) });
  write(repo, 'second.txt', 'history matters\n');
  const base = commitAll(repo, 'second');
  const mirror = await ensureMirror(temp.make(), repo);
  await mirror.refresh();
  return { repo, mirror, base };
}

/** What a sandbox does: clone the bundle it was given, commit, bundle the new work. */
function workInSandbox(bundle: string, base: string, files: Record<string, string | Buffer>): { bundle: string; commit: string } {
  const sandbox = path.join(temp.make(), 'work');
  sh(path.dirname(sandbox), ['clone', '--quiet', bundle, sandbox]);
  for (const [name, content] of Object.entries(files)) write(sandbox, name, content);
  const commit = commitAll(sandbox, 'agent turn');
  const out = path.join(temp.make(), 'turn.bundle');
  sh(sandbox, ['bundle', 'create', '--quiet', out, 'HEAD', `^${base}`]);
  return { bundle: out, commit };
}

describe('createBundle', () => {
  it('writes a bundle a sandbox can clone, with history, checked out at the commit', async () => {
    const { mirror, base } = await mirroredRepo();
    const file = path.join(temp.make(), 'base.bundle');
    const out = await createBundle(mirror, { commit: base, file });
    expect(out).toEqual({ file, ref: 'refs/heads/codebay', commit: base });

    const clone = path.join(temp.make(), 'clone');
    sh(temp.make(), ['clone', '--quiet', file, clone]);
    expect(sh(clone, ['rev-parse', 'HEAD'])).toBe(base);
    expect(sh(clone, ['symbolic-ref', '--short', 'HEAD'])).toBe('codebay');
    expect(sh(clone, ['rev-list', '--count', 'HEAD'])).toBe('2');
    expect(sh(clone, ['status', '--porcelain'])).toBe('');
    // The mirror gained no refs from bundling.
    expect(sh(mirror.gitDir, ['for-each-ref', '--format=%(refname)'])).toBe('refs/heads/main');
  });

  it('carries only what follows a basis the receiver already has', async () => {
    const { repo, mirror, base } = await mirroredRepo();
    write(repo, 'third.txt', 'three\n');
    const third = commitAll(repo, 'third');
    await mirror.refresh();

    const file = path.join(temp.make(), 'incremental.bundle');
    await createBundle(mirror, { commit: third, basis: base, file, branch: 'turn-2' });
    expect(sh(mirror.gitDir, ['bundle', 'list-heads', file])).toBe(`${third} refs/heads/turn-2\n${third} HEAD`);

    const lacking = temp.make();
    sh(lacking, ['init', '--quiet', '--bare', lacking]);
    expect(() => sh(lacking, ['bundle', 'verify', '--quiet', file])).toThrow();

    const receiver = path.join(temp.make(), 'receiver');
    sh(temp.make(), ['clone', '--quiet', '--bare', '--branch', 'main', repo, receiver]);
    sh(receiver, ['update-ref', 'refs/heads/main', base]);
    sh(receiver, ['fetch', '--quiet', file, 'refs/heads/turn-2:refs/heads/turn-2']);
    expect(sh(receiver, ['rev-parse', 'refs/heads/turn-2'])).toBe(third);
  });

  it('falls back to a full bundle when the basis already contains the commit', async () => {
    const { mirror, base } = await mirroredRepo();
    const first = sh(mirror.gitDir, ['rev-parse', `${base}^`]);
    const file = path.join(temp.make(), 'full.bundle');
    await createBundle(mirror, { commit: first, basis: base, file });
    const fresh = temp.make();
    sh(fresh, ['init', '--quiet', '--bare', fresh]);
    sh(fresh, ['bundle', 'verify', '--quiet', file]);
  });

  it('refuses a branch name git would not accept', async () => {
    const { mirror, base } = await mirroredRepo();
    await expect(createBundle(mirror, { commit: base, file: path.join(temp.make(), 'x'), branch: 'bad..name' })).rejects.toThrow(
      /not a valid branch name/,
    );
  });
});

describe('importBundle', () => {
  it('verifies and fetches a sandbox bundle into refs/codebay/<task>/<turn>', async () => {
    const { repo, mirror, base } = await mirroredRepo();
    const digest = gitDirDigest(repo);
    const state = userRepoState(repo);
    const given = path.join(temp.make(), 'base.bundle');
    await createBundle(mirror, { commit: base, file: given });
    const turn = workInSandbox(given, base, { 'agent.txt': 'written by the agent\n', 'data.bin': binaryBlob(4) });

    const imported = await importBundle(mirror, turn.bundle, turnRef('task-1', 1));

    expect(imported).toEqual({ ref: 'refs/codebay/task-1/1', commit: turn.commit });
    expect(sh(mirror.gitDir, ['show', `${turn.commit}:agent.txt`])).toBe('written by the agent');
    expect(sh(mirror.gitDir, ['fsck', '--connectivity-only', '--no-dangling'])).toBe('');
    expect(gitDirDigest(repo)).toBe(digest);
    expect(userRepoState(repo)).toEqual(state);
  });

  it('takes a named ref when the bundle holds several', async () => {
    const { mirror, base } = await mirroredRepo();
    const file = path.join(temp.make(), 'two.bundle');
    sh(mirror.gitDir, ['update-ref', 'refs/heads/other', `${base}^`]);
    sh(mirror.gitDir, ['bundle', 'create', '--quiet', file, 'refs/heads/main', 'refs/heads/other']);
    await expect(importBundle(mirror, file, 'refs/codebay/t/1')).rejects.toThrow(/no ref to pick by default.*refs\/heads\/main/);
    const imported = await importBundle(mirror, file, 'refs/codebay/t/1', 'refs/heads/other');
    expect(imported.commit).toBe(sh(mirror.gitDir, ['rev-parse', `${base}^`]));
  });

  it('explains a bundle that builds on commits the mirror lacks', async () => {
    const { mirror } = await mirroredRepo();
    const elsewhere = makeRepo(temp.make(), { 'other.txt': 'unrelated\n' });
    const root = sh(elsewhere, ['rev-parse', 'HEAD']);
    write(elsewhere, 'more.txt', 'more\n');
    commitAll(elsewhere, 'more');
    const file = path.join(temp.make(), 'thin.bundle');
    sh(elsewhere, ['bundle', 'create', '--quiet', file, 'HEAD', `^${root}`]);

    const error: unknown = await importBundle(mirror, file, 'refs/codebay/t/1').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ActionableError);
    expect((error as ActionableError).what).toContain(root);
    expect((error as ActionableError).fix).toMatch(/commits the mirror does not have/);
    expect(sh(mirror.gitDir, ['for-each-ref', 'refs/codebay'])).toBe('');
  });

  it('explains a file that is not a bundle', async () => {
    const { mirror } = await mirroredRepo();
    const file = path.join(temp.make(), 'junk.bundle');
    writeFileSync(file, 'this is not a bundle\n');
    await expect(importBundle(mirror, file, 'refs/codebay/t/1')).rejects.toThrow(/cannot be imported.*Make the bundle again/s);
  });

  it('rejects malformed objects and leaves the mirror without them', async () => {
    const { mirror } = await mirroredRepo();
    const bad = makeRepo(temp.make());
    const tree = sh(bad, ['rev-parse', 'HEAD^{tree}']);
    const broken = sh(bad, ['hash-object', '-t', 'commit', '--literally', '-w', '--stdin'], {
      input: `tree ${tree}\nauthor no email here 1 +0000\ncommitter x <x@example.com> 1 +0000\n\nbroken\n`,
    });
    sh(bad, ['update-ref', 'refs/heads/main', broken]);
    const file = path.join(temp.make(), 'bad.bundle');
    sh(bad, ['bundle', 'create', '--quiet', file, 'refs/heads/main']);

    await expect(importBundle(mirror, file, 'refs/codebay/t/1')).rejects.toThrow(/malformed git objects.*missingEmail/s);
    expect(sh(mirror.gitDir, ['for-each-ref', 'refs/codebay'])).toBe('');
    expect(() => sh(mirror.gitDir, ['cat-file', '-e', broken])).toThrow();
  });

  it('only writes under refs/codebay/', async () => {
    const { mirror, base } = await mirroredRepo();
    const file = path.join(temp.make(), 'base.bundle');
    await createBundle(mirror, { commit: base, file });
    await expect(importBundle(mirror, file, 'refs/heads/main')).rejects.toThrow(/must live under refs\/codebay/);
  });
});
