import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { numstat, unifiedDiff } from '../../electron/git/diff.js';
import { ensureMirror } from '../../electron/git/mirror.js';
import { TempDirs, mirroredRange, sh } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());


describe('numstat', () => {
  it('counts lines per file with renames, binaries and awkward names', async () => {
    const { mirror, base, to } = await mirroredRange(temp);
    const { files, totals } = await numstat(mirror, base, to);
    const byPath = Object.fromEntries(files.map((file) => [file.path, file]));

    expect(Object.keys(byPath).sort()).toEqual(
      ['*.md', 'fresh.bin', 'gone.txt', 'image.bin', 'line\nbreak.txt', 'renamed dir/new name.txt', 'src/app.txt', 'ünïcødé/日本.txt'].sort(),
    );
    expect(byPath['src/app.txt']).toEqual({ path: 'src/app.txt', status: 'modified', added: 2, removed: 1, binary: false });
    expect(byPath['gone.txt']).toEqual({ path: 'gone.txt', status: 'deleted', added: 0, removed: 1, binary: false });
    expect(byPath['renamed dir/new name.txt']).toEqual({
      path: 'renamed dir/new name.txt',
      oldPath: 'old name.txt',
      status: 'renamed',
      added: 1,
      removed: 1,
      binary: false,
    });
    expect(byPath['image.bin']).toEqual({ path: 'image.bin', status: 'modified', added: 0, removed: 0, binary: true });
    expect(byPath['fresh.bin']).toMatchObject({ status: 'added', binary: true });
    expect(byPath['line\nbreak.txt']).toMatchObject({ status: 'added', added: 1, removed: 0 });
    expect(byPath['ünïcødé/日本.txt']).toMatchObject({ status: 'added', added: 2, removed: 0 });
    expect(totals).toEqual({ filesChanged: 8, linesAdded: 2 + 1 + 1 + 2 + 1, linesRemoved: 1 + 1 + 1 });
  });

  it('is empty between a commit and itself, and works with ref names', async () => {
    const { mirror, to } = await mirroredRange(temp);
    expect(await numstat(mirror, to, 'refs/heads/main')).toEqual({ files: [], totals: { filesChanged: 0, linesAdded: 0, linesRemoved: 0 } });
  });

  it('reports a symlink that became a file as a type change', async () => {
    const dir = temp.make();
    sh(dir, ['init', '--quiet', '--initial-branch=main', dir]);
    const link = sh(dir, ['hash-object', '-w', '--stdin'], { input: 'target' });
    const tree1 = sh(dir, ['mktree'], { input: `120000 blob ${link}\tthing\n` });
    const first = sh(dir, ['commit-tree', tree1, '-m', 'link']);
    const file = sh(dir, ['hash-object', '-w', '--stdin'], { input: 'now a file\n' });
    const tree2 = sh(dir, ['mktree'], { input: `100644 blob ${file}\tthing\n` });
    const second = sh(dir, ['commit-tree', tree2, '-p', first, '-m', 'file']);
    sh(dir, ['update-ref', 'refs/heads/main', second]);
    const mirror = await ensureMirror(temp.make(), dir);
    await mirror.refresh();
    expect((await numstat(mirror, first, second)).files).toEqual([{ path: 'thing', status: 'typechanged', added: 1, removed: 1, binary: false }]);
  });

  it('refuses revisions that look like options', async () => {
    const { mirror, to } = await mirroredRange(temp);
    await expect(numstat(mirror, '--output=/tmp/x', to)).rejects.toThrow(/not a valid git revision/);
  });
});

describe('unifiedDiff', () => {
  it('produces a patch that applies to a fresh clone at the base and reproduces the target tree', async () => {
    const { repo, mirror, base, to } = await mirroredRange(temp);
    const patch = await unifiedDiff(mirror, base, to);
    const text = patch.toString('utf8');
    expect(text).toContain('rename from old name.txt');
    expect(text).toContain('GIT binary patch');

    const patchFile = path.join(temp.make(), 'change.patch');
    writeFileSync(patchFile, patch);
    const clone = path.join(temp.make(), 'clone');
    sh(temp.make(), ['clone', '--quiet', '--no-checkout', repo, clone]);
    sh(clone, ['checkout', '--quiet', base]);
    sh(clone, ['apply', '--check', patchFile]);
    sh(clone, ['apply', '--index', patchFile]);
    expect(sh(clone, ['write-tree'])).toBe(sh(repo, ['rev-parse', `${to}^{tree}`]));
  });

  it('is empty when nothing changed', async () => {
    const { mirror, to } = await mirroredRange(temp);
    expect((await unifiedDiff(mirror, to, to)).length).toBe(0);
  });
});
