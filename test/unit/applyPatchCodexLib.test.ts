import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatchToDir } from '../../electron/agent/patch/index.js';

// Cases of Codex's codex-rs/apply-patch/src/lib.rs tests, applied to a real folder. Like
// them, the patches name files by absolute path (inside the folder). Codex's unified-diff
// cases are kept for the file contents they check; Codebay makes no unified diff there.

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

async function folder(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'codebay-lib-'));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(root, name), content);
  return root;
}

/** Codex's wrap_patch: the body between the markers, on lines of their own. */
const wrap = (body: string) => `*** Begin Patch\n${body}\n*** End Patch`;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe('lib.rs: applying hunks to files', () => {
  it('lib.rs: an Add File section creates the file with its lines', async () => {
    const root = await folder({});
    const file = path.join(root, 'add.txt');
    expect(await applyPatchToDir(root, wrap(`*** Add File: ${file}\n+ab\n+cd`))).toEqual(['add.txt']);
    expect(await readFile(file, 'utf8')).toBe('ab\ncd\n');
  });

  it('lib.rs: a Delete File section removes the file', async () => {
    const root = await folder({ 'del.txt': 'x' });
    const file = path.join(root, 'del.txt');
    expect(await applyPatchToDir(root, wrap(`*** Delete File: ${file}`))).toEqual(['del.txt']);
    expect(await exists(file)).toBe(false);
  });

  it('lib.rs: an Update File section changes the content', async () => {
    const root = await folder({ 'update.txt': 'foo\nbar\n' });
    const file = path.join(root, 'update.txt');
    await applyPatchToDir(root, wrap(`*** Update File: ${file}\n@@\n foo\n-bar\n+baz`));
    expect(await readFile(file, 'utf8')).toBe('foo\nbaz\n');
  });

  it('lib.rs: an Update File section with Move to moves the file', async () => {
    const root = await folder({ 'src.txt': 'line\n' });
    const [src, dest] = [path.join(root, 'src.txt'), path.join(root, 'dst.txt')];
    expect(await applyPatchToDir(root, wrap(`*** Update File: ${src}\n*** Move to: ${dest}\n@@\n-line\n+line2`))).toEqual(['src.txt', 'dst.txt']);
    expect(await exists(src)).toBe(false);
    expect(await readFile(dest, 'utf8')).toBe('line2\n');
  });

  it('lib.rs: several hunks change one file, which is listed once', async () => {
    const root = await folder({ 'multi.txt': 'foo\nbar\nbaz\nqux\n' });
    const file = path.join(root, 'multi.txt');
    expect(await applyPatchToDir(root, wrap(`*** Update File: ${file}\n@@\n foo\n-bar\n+BAR\n@@\n baz\n-qux\n+QUX`))).toEqual(['multi.txt']);
    expect(await readFile(file, 'utf8')).toBe('foo\nBAR\nbaz\nQUX\n');
  });

  it('lib.rs: interleaved replacements and an addition at the end of the file', async () => {
    const root = await folder({ 'interleaved.txt': 'a\nb\nc\nd\ne\nf\n' });
    const file = path.join(root, 'interleaved.txt');
    await applyPatchToDir(root, wrap(`*** Update File: ${file}\n@@\n a\n-b\n+B\n@@\n c\n d\n-e\n+E\n@@\n f\n+g\n*** End of File`));
    expect(await readFile(file, 'utf8')).toBe('a\nB\nc\nd\nE\nf\ng\n');
  });

  it('lib.rs: an add-only hunk followed by one that removes lines', async () => {
    const root = await folder({ 'panic.txt': 'line1\nline2\nline3\n' });
    const file = path.join(root, 'panic.txt');
    await applyPatchToDir(root, wrap(`*** Update File: ${file}\n@@\n+after-context\n+second-line\n@@\n line1\n-line2\n-line3\n+line2-replacement`));
    expect(await readFile(file, 'utf8')).toBe('line1\nline2-replacement\nafter-context\nsecond-line\n');
  });

  it('lib.rs: ASCII hyphens in the patch match typographic dashes in the file', async () => {
    const root = await folder({ 'unicode.py': 'import asyncio  # local import \u2013 avoids top\u2011level dep\n' });
    const file = path.join(root, 'unicode.py');
    await applyPatchToDir(root, wrap(`*** Update File: ${file}\n@@\n-import asyncio  # local import - avoids top-level dep\n+import asyncio  # HELLO`));
    expect(await readFile(file, 'utf8')).toBe('import asyncio  # HELLO\n');
  });
});

describe('lib.rs: the contents behind the unified-diff cases', () => {
  it('lib.rs: two hunks, one file (test_unified_diff)', async () => {
    const root = await folder({ 'multi.txt': 'foo\nbar\nbaz\nqux\n' });
    await applyPatchToDir(root, wrap('*** Update File: multi.txt\n@@\n foo\n-bar\n+BAR\n@@\n baz\n-qux\n+QUX'));
    expect(await readFile(path.join(root, 'multi.txt'), 'utf8')).toBe('foo\nBAR\nbaz\nQUX\n');
  });

  it('lib.rs: replacing the first line, the patch ending in a blank line', async () => {
    const root = await folder({ 'first.txt': 'foo\nbar\nbaz\n' });
    await applyPatchToDir(root, wrap('*** Update File: first.txt\n@@\n-foo\n+FOO\n bar\n'));
    expect(await readFile(path.join(root, 'first.txt'), 'utf8')).toBe('FOO\nbar\nbaz\n');
  });

  it('lib.rs: replacing the last line, the patch ending in a blank line', async () => {
    const root = await folder({ 'last.txt': 'foo\nbar\nbaz\n' });
    await applyPatchToDir(root, wrap('*** Update File: last.txt\n@@\n foo\n bar\n-baz\n+BAZ\n'));
    expect(await readFile(path.join(root, 'last.txt'), 'utf8')).toBe('foo\nbar\nBAZ\n');
  });

  it('lib.rs: inserting a line at the end of the file', async () => {
    const root = await folder({ 'insert.txt': 'foo\nbar\nbaz\n' });
    await applyPatchToDir(root, wrap('*** Update File: insert.txt\n@@\n+quux\n*** End of File\n'));
    expect(await readFile(path.join(root, 'insert.txt'), 'utf8')).toBe('foo\nbar\nbaz\nquux\n');
  });

  it('lib.rs: interleaved changes with a shorter context', async () => {
    const root = await folder({ 'interleaved.txt': 'a\nb\nc\nd\ne\nf\n' });
    await applyPatchToDir(root, wrap('*** Update File: interleaved.txt\n@@\n a\n-b\n+B\n@@\n d\n-e\n+E\n@@\n f\n+g\n*** End of File'));
    expect(await readFile(path.join(root, 'interleaved.txt'), 'utf8')).toBe('a\nB\nc\nd\nE\nf\ng\n');
  });
});
