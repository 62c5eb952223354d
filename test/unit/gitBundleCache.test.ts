import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BundleCache } from '../../electron/git/bundleCache.js';
import { ensureMirror, type Mirror } from '../../electron/git/mirror.js';
import { TempDirs, commitAll, makeRepo, sh, write } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

async function mirroredRepo(): Promise<{ repo: string; mirror: Mirror; first: string; second: string }> {
  const repo = makeRepo(temp.make(), { 'README.md': '# demo\n' });
  const first = sh(repo, ['rev-parse', 'HEAD']);
  write(repo, 'second.txt', 'history matters\n');
  const second = commitAll(repo, 'second');
  const mirror = await ensureMirror(temp.make(), repo);
  await mirror.refresh();
  return { repo, mirror, first, second };
}

function clonedHead(bundle: string): { head: string; branch: string; commits: string } {
  const clone = path.join(temp.make(), 'clone');
  sh(temp.make(), ['clone', '--quiet', bundle, clone]);
  return {
    head: sh(clone, ['rev-parse', 'HEAD']),
    branch: sh(clone, ['symbolic-ref', '--short', 'HEAD']),
    commits: sh(clone, ['rev-list', '--count', 'HEAD']),
  };
}

const HOUR_AGO = (Date.now() - 3_600_000) / 1000;

describe('BundleCache', () => {
  it('makes a bundle of the commit with its history once, and hands out the same file after', async () => {
    const { mirror, second } = await mirroredRepo();
    const cache = new BundleCache(temp.make());
    const file = await cache.bundleOf(mirror, second, 'codebay');
    expect(clonedHead(file)).toEqual({ head: second, branch: 'codebay', commits: '2' });

    const made = statSync(file);
    utimesSync(file, HOUR_AGO, HOUR_AGO);
    const again = await cache.bundleOf(mirror, second, 'codebay');
    expect(again).toBe(file);
    expect(statSync(again).ino).toBe(made.ino);
    // Using it counts as a use, for eviction.
    expect(statSync(again).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps a file per commit and branch, and makes concurrent requests share one', async () => {
    const { mirror, first, second } = await mirroredRepo();
    const dir = temp.make();
    const cache = new BundleCache(dir);
    const [a, b, c, d] = await Promise.all([
      cache.bundleOf(mirror, first, 'codebay'),
      cache.bundleOf(mirror, first, 'codebay'),
      cache.bundleOf(mirror, second, 'codebay'),
      cache.bundleOf(mirror, second, 'other'),
    ]);
    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
    expect(clonedHead(a)).toMatchObject({ head: first, commits: '1' });
    expect(clonedHead(d)).toMatchObject({ head: second, branch: 'other' });
    expect(readdirSync(dir).sort()).toEqual([a, c, d].map((f) => path.basename(f)).sort());
  });

  it('deletes the least recently used bundles beyond its size, and abandoned partial files, but none used lately', async () => {
    const { mirror, first, second } = await mirroredRepo();
    const dir = temp.make();
    const cache = new BundleCache(dir, 1);
    const old = await cache.bundleOf(mirror, first, 'codebay');
    const recent = await cache.bundleOf(mirror, first, 'recent');
    // Both were used moments ago, so neither goes yet.
    expect(readdirSync(dir)).toHaveLength(2);

    utimesSync(old, HOUR_AGO, HOUR_AGO);
    const partial = path.join(dir, 'dead.bundle.tmp-1234');
    writeFileSync(partial, 'half a bundle');
    utimesSync(partial, HOUR_AGO, HOUR_AGO);
    const newest = await cache.bundleOf(mirror, second, 'codebay');
    expect(readdirSync(dir).sort()).toEqual([recent, newest].map((f) => path.basename(f)).sort());
  });

  it('refuses something that is not a commit id before touching the disk', async () => {
    const { mirror } = await mirroredRepo();
    const dir = temp.make();
    await expect(new BundleCache(dir).bundleOf(mirror, 'main; rm -rf /', 'codebay')).rejects.toThrow(/Commit/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
