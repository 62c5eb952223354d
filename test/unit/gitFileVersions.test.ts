import { afterEach, describe, expect, it } from 'vitest';
import { MAX_EDITOR_FILE_BYTES, fileVersions } from '../../electron/git/fileVersions.js';
import { ensureMirror } from '../../electron/git/mirror.js';
import { TempDirs, commitAll, makeChangeRange, mirroredRange, sh, write } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());


describe('fileVersions', () => {
  it('gives both sides of a modified file', async () => {
    const { mirror, base, to } = await mirroredRange(temp);
    expect(await fileVersions(mirror, base, to, 'src/app.txt')).toEqual({
      original: 'one\ntwo\nthree\n',
      modified: 'one\nTWO\nthree\nfour\n',
      binary: false,
      tooLarge: false,
      originalBytes: 14,
      modifiedBytes: 19,
    });
  });

  it('gives null for the missing side of added and deleted files', async () => {
    const { mirror, base, to } = await mirroredRange(temp);
    const added = await fileVersions(mirror, base, to, 'ünïcødé/日本.txt');
    expect([added.original, added.modified]).toEqual([null, 'unicode\nname\n']);
    const deleted = await fileVersions(mirror, base, to, 'gone.txt');
    expect([deleted.original, deleted.modified]).toEqual(['to be deleted\n', null]);
  });

  it('reads a renamed file from its old path', async () => {
    const { mirror, base, to } = await mirroredRange(temp);
    const versions = await fileVersions(mirror, base, to, 'renamed dir/new name.txt', 'old name.txt');
    expect(versions.original).toContain('line 5 of');
    expect(versions.modified).toContain('LINE FIVE of');
    expect(versions.modified).not.toContain('line 5 of');
  });

  it('takes names literally: newlines, and characters that are pathspec magic elsewhere', async () => {
    const { mirror, base, to } = await mirroredRange(temp);
    expect((await fileVersions(mirror, base, to, 'line\nbreak.txt')).modified).toBe('newline in name\n');
    expect((await fileVersions(mirror, base, to, '*.md')).modified).toBe('a file whose name is a glob\n');
    expect(await fileVersions(mirror, base, to, '*.txt')).toMatchObject({ original: null, modified: null });
  });

  it('withholds the contents of binary files', async () => {
    const { mirror, base, to } = await mirroredRange(temp);
    expect(await fileVersions(mirror, base, to, 'image.bin')).toEqual({
      original: null,
      modified: null,
      binary: true,
      tooLarge: false,
      originalBytes: 4096,
      modifiedBytes: 4096,
    });
  });

  it('refuses files over 5 MB with a marker instead of contents', async () => {
    const repo = makeChangeRange(temp.make()).repo;
    const base = sh(repo, ['rev-parse', 'HEAD']);
    write(repo, 'huge.txt', 'x'.repeat(MAX_EDITOR_FILE_BYTES + 1));
    const to = commitAll(repo, 'huge');
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    expect(await fileVersions(mirror, base, to, 'huge.txt')).toEqual({
      original: null,
      modified: null,
      binary: false,
      tooLarge: true,
      originalBytes: null,
      modifiedBytes: MAX_EDITOR_FILE_BYTES + 1,
    });
  });
});
