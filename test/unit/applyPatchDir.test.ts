import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PatchApplyError,
  applyChangesToDir,
  applyPatchToDir,
  dirFileReader,
  parsePatch,
  planPatch,
} from '../../electron/agent/patch/index.js';

const p = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'codebay-patch-'));
  root = path.join(base, 'repo');
  outside = path.join(base, 'outside');
  await mkdir(path.join(root, 'src'), { recursive: true });
  await mkdir(outside);
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const text = (relative: string) => readFile(path.join(root, relative), 'utf8');

describe('applying a planned patch to a folder', () => {
  it('adds, updates, moves and deletes real files', async () => {
    await writeFile(path.join(root, 'src/app.ts'), 'const a = 1;\r\nexport default a;\r\n');
    await writeFile(path.join(root, 'run.sh'), '#!/bin/sh\necho old\n');
    await chmod(path.join(root, 'run.sh'), 0o755);
    await writeFile(path.join(root, 'gone.txt'), 'bye\n');

    const files = await applyPatchToDir(
      root,
      p(
        '*** Add File: docs/deep/new.md',
        '+# New',
        '*** Update File: src/app.ts',
        '@@',
        '-const a = 1;',
        '+const a = 2;',
        '*** Update File: run.sh',
        '*** Move to: bin/run.sh',
        '@@',
        '-echo old',
        '+echo new',
        '*** Delete File: gone.txt',
      ),
    );

    expect(files).toEqual(['docs/deep/new.md', 'src/app.ts', 'run.sh', 'bin/run.sh', 'gone.txt']);
    expect(await text('docs/deep/new.md')).toBe('# New\n');
    expect(await text('src/app.ts')).toBe('const a = 2;\r\nexport default a;\r\n');
    expect(await text('bin/run.sh')).toBe('#!/bin/sh\necho new\n');
    expect((await stat(path.join(root, 'bin/run.sh'))).mode & 0o777).toBe(0o755);
    expect((await readdir(root)).sort()).toEqual(['bin', 'docs', 'src']);
  });

  it('writes nothing when planning fails', async () => {
    await writeFile(path.join(root, 'a.txt'), 'a\n');
    const patch = p('*** Add File: b.txt', '+b', '*** Update File: a.txt', '@@', '-zzz', '+y');
    await expect(applyPatchToDir(root, patch)).rejects.toThrow(PatchApplyError);
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'src']);
    expect(await text('a.txt')).toBe('a\n');
  });

  it('writes through a symlink that stays inside the folder', async () => {
    await writeFile(path.join(root, 'src/real.txt'), 'one\n');
    await symlink('src/real.txt', path.join(root, 'link.txt'));
    await applyPatchToDir(root, p('*** Update File: link.txt', '@@', '-one', '+two'));
    expect(await text('src/real.txt')).toBe('two\n');
    expect(await readlink(path.join(root, 'link.txt'))).toBe('src/real.txt');
  });

  it('refuses to write through a folder symlink that leads outside', async () => {
    await symlink(outside, path.join(root, 'out'));
    const changes = [
      { kind: 'add' as const, path: 'inside.txt', content: Buffer.from('fine\n') },
      { kind: 'add' as const, path: 'out/escaped.txt', content: Buffer.from('escaped\n') },
    ];
    await expect(applyChangesToDir(root, changes)).rejects.toThrow('out is a symlink that leads outside the workspace');
    expect(await readdir(outside)).toEqual([]);
    // Every path is checked before the first write.
    expect((await readdir(root)).sort()).toEqual(['out', 'src']);
  });

  it('refuses to read or write a file symlink that leads outside', async () => {
    await writeFile(path.join(outside, 'secret.txt'), 'secret\n');
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'leak.txt'));
    await expect(dirFileReader(root)('leak.txt')).rejects.toThrow('leads outside the workspace');
    await expect(
      applyChangesToDir(root, [{ kind: 'update', path: 'leak.txt', content: Buffer.from('overwritten\n') }]),
    ).rejects.toThrow(PatchApplyError);
    await expect(applyPatchToDir(root, p('*** Update File: leak.txt', '@@', '-secret', '+x'))).rejects.toThrow(
      'leads outside the workspace',
    );
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret\n');
  });

  it('refuses to create a file through a dangling symlink', async () => {
    await symlink(path.join(outside, 'not-yet.txt'), path.join(root, 'dangling.txt'));
    await expect(applyPatchToDir(root, p('*** Add File: dangling.txt', '+x'))).rejects.toThrow('symlink to a missing target');
    expect(await readdir(outside)).toEqual([]);
  });

  it('deletes a symlink itself, never its target', async () => {
    await writeFile(path.join(outside, 'keep.txt'), 'keep\n');
    await symlink(path.join(outside, 'keep.txt'), path.join(root, 'keep-link.txt'));
    await applyChangesToDir(root, [{ kind: 'delete', path: 'keep-link.txt' }]);
    await expect(lstat(path.join(root, 'keep-link.txt'))).rejects.toThrow('ENOENT');
    expect(await readFile(path.join(outside, 'keep.txt'), 'utf8')).toBe('keep\n');
  });

  it('reads missing files as null and folders as errors', async () => {
    const read = dirFileReader(root);
    expect(await read('nope/none.txt')).toBeNull();
    await expect(read('src')).rejects.toThrow('Cannot read src: it is not a regular file');
    await expect(planPatch(parsePatch(p('*** Delete File: src')), read)).rejects.toThrow('not a regular file');
  });
});
