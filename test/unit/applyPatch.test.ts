import { replayChanges } from '../support/patchReplay.js';
import { describe, expect, it } from 'vitest';
import {
  PatchApplyError,
  parsePatch,
  planPatch,
  summarizeChanges,
  type FileChange,
} from '../../electron/agent/patch/index.js';

type Files = Record<string, string>;

function toMap(files: Files): Map<string, Buffer> {
  return new Map(Object.entries(files).map(([path, text]) => [path, Buffer.from(text, 'utf8')]));
}


async function plan(files: Map<string, Buffer>, patch: string): Promise<FileChange[]> {
  return planPatch(parsePatch(patch), async (path) => files.get(path) ?? null);
}

async function applyText(files: Files, patch: string): Promise<Files> {
  const map = toMap(files);
  const result = replayChanges(map, await plan(map, patch));
  return Object.fromEntries([...result].map(([path, content]) => [path, content.toString('utf8')]));
}

async function failure(files: Files, patch: string): Promise<PatchApplyError> {
  const error: unknown = await plan(toMap(files), patch).then(
    () => new Error('the patch applied but should have failed'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof PatchApplyError)) throw error;
  return error;
}

const p = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

const TEN = 'line1\nline2\nline3\nline4\nline5\nline6\nline7\nline8\nline9\nline10\n';
const TWINS = 'def alpha():\n    x = 1\n    return x\n\ndef beta():\n    x = 1\n    return x\n';
const CLASSES = 'class A:\n    def run(self):\n        return 1\n\nclass B:\n    def run(self):\n        return 1\n';

interface Fixture {
  name: string;
  files: Files;
  patch: string;
  expected: Files;
}

const fixtures: Fixture[] = [
  {
    name: 'adds a file in a new folder',
    files: {},
    patch: p('*** Add File: src/new/hello.txt', '+hello', '+', '+world'),
    expected: { 'src/new/hello.txt': 'hello\n\nworld\n' },
  },
  {
    name: 'adds an empty file',
    files: {},
    patch: p('*** Add File: empty.txt'),
    expected: { 'empty.txt': '' },
  },
  {
    name: 'deletes a file and leaves the others',
    files: { 'a.txt': 'a\n', 'b.txt': 'b\n' },
    patch: p('*** Delete File: a.txt'),
    expected: { 'b.txt': 'b\n' },
  },
  {
    name: 'applies several hunks to one file',
    files: { 'f.txt': TEN },
    patch: p(
      '*** Update File: f.txt',
      '@@',
      ' line1',
      '-line2',
      '+LINE2',
      ' line3',
      '@@',
      ' line8',
      '-line9',
      '+LINE9a',
      '+LINE9b',
      ' line10',
    ),
    expected: { 'f.txt': TEN.replace('line2\n', 'LINE2\n').replace('line9\n', 'LINE9a\nLINE9b\n') },
  },
  {
    name: 'accepts a first hunk without an @@ line',
    files: { 'f.txt': 'a\nb\nc\n' },
    patch: p('*** Update File: f.txt', ' a', '-b', '+B', ' c'),
    expected: { 'f.txt': 'a\nB\nc\n' },
  },
  {
    name: 'moves a file without changing it',
    files: { 'old/name.txt': 'same\n' },
    patch: p('*** Update File: old/name.txt', '*** Move to: new/name.txt'),
    expected: { 'new/name.txt': 'same\n' },
  },
  {
    name: 'moves and updates a file',
    files: { 'a.ts': 'export const a = 1;\n' },
    patch: p('*** Update File: a.ts', '*** Move to: b.ts', '@@', '-export const a = 1;', '+export const b = 2;'),
    expected: { 'b.ts': 'export const b = 2;\n' },
  },
  {
    name: 'uses an anchor to choose between identical blocks',
    files: { 'm.py': TWINS },
    patch: p('*** Update File: m.py', '@@ def beta():', '     x = 1', '-    return x', '+    return x + 1'),
    expected: { 'm.py': TWINS.replace(/return x\n$/, 'return x + 1\n') },
  },
  {
    name: 'accepts an anchor that names only the start of its line',
    files: { 'm.py': TWINS },
    patch: p('*** Update File: m.py', '@@ def beta', '-    x = 1', '+    x = 2'),
    expected: { 'm.py': TWINS.replace(/x = 1(\n    return x\n)$/, 'x = 2$1') },
  },
  {
    name: 'follows stacked anchors from outer to inner',
    files: { 'c.py': CLASSES },
    patch: p('*** Update File: c.py', '@@ class B:', '@@     def run(self):', '-        return 1', '+        return 2'),
    expected: { 'c.py': CLASSES.replace(/return 1\n$/, 'return 2\n') },
  },
  {
    name: 'finds an anchor above the previous hunk when it names the enclosing scope',
    files: { 'f.py': 'def foo():\n    a = 1\n    b = 2\n    c = 3\n' },
    patch: p('*** Update File: f.py', '@@ def foo():', '-    a = 1', '+    a = 10', '@@ def foo():', '-    c = 3', '+    c = 30'),
    expected: { 'f.py': 'def foo():\n    a = 10\n    b = 2\n    c = 30\n' },
  },
  {
    name: 'accepts a hunk that repeats its anchor as the first context line',
    files: { 'm.py': TWINS },
    patch: p('*** Update File: m.py', '@@ def beta():', ' def beta():', '-    x = 1', '+    x = 5'),
    expected: { 'm.py': TWINS.replace(/x = 1(\n    return x\n)$/, 'x = 5$1') },
  },
  {
    name: 'inserts a pure addition right after its anchor',
    files: { 'm.py': TWINS },
    patch: p('*** Update File: m.py', '@@ def alpha():', '+    """Alpha."""'),
    expected: { 'm.py': TWINS.replace('def alpha():\n', 'def alpha():\n    """Alpha."""\n') },
  },
  {
    name: 'ignores unified-diff line numbers in @@ lines',
    files: { 'f.txt': 'a\nb\nc\n' },
    patch: p('*** Update File: f.txt', '@@ -1,3 +1,3 @@', ' a', '-b', '+B'),
    expected: { 'f.txt': 'a\nB\nc\n' },
  },
  {
    name: 'pins an End of File hunk to the last lines',
    files: { 'f.txt': 'x = 1\nmiddle\nx = 1\n' },
    patch: p('*** Update File: f.txt', '@@', '-x = 1', '+x = 2', '*** End of File'),
    expected: { 'f.txt': 'x = 1\nmiddle\nx = 2\n' },
  },
  {
    name: 'appends a pure addition pinned to the end',
    files: { 'f.txt': 'a\nb\n' },
    patch: p('*** Update File: f.txt', '@@', '+c', '*** End of File'),
    expected: { 'f.txt': 'a\nb\nc\n' },
  },
  {
    name: 'keeps CRLF endings and gives added lines CRLF',
    files: { 'w.txt': 'one\r\ntwo\r\nthree\r\n' },
    patch: p('*** Update File: w.txt', '@@', ' one', '-two', '+TWO', '+two and a half', ' three'),
    expected: { 'w.txt': 'one\r\nTWO\r\ntwo and a half\r\nthree\r\n' },
  },
  {
    name: 'keeps each untouched line ending in a mixed file',
    files: { 'mixed.txt': 'a\r\nb\nc\r\nd\r\n' },
    patch: p('*** Update File: mixed.txt', '@@', ' b', '-c', '+C'),
    expected: { 'mixed.txt': 'a\r\nb\nC\r\nd\r\n' },
  },
  {
    name: 'understands a patch sent with CRLF line breaks',
    files: { 'f.txt': 'a\nb\n' },
    patch: p('*** Update File: f.txt', '@@', '-a', '+A').replaceAll('\n', '\r\n'),
    expected: { 'f.txt': 'A\nb\n' },
  },
  {
    name: 'ends the file with a line break when an inner line changes, as Codex does',
    files: { 'n.txt': 'a\nb' },
    patch: p('*** Update File: n.txt', '@@', '-a', '+A', ' b'),
    expected: { 'n.txt': 'A\nb\n' },
  },
  {
    name: 'ends the file with a line break when the last line is replaced without End of File',
    files: { 'n.txt': 'a\nb' },
    patch: p('*** Update File: n.txt', '@@', ' a', '-b', '+B'),
    expected: { 'n.txt': 'a\nB\n' },
  },
  {
    name: 'gives the old last line a line break when lines are appended after it',
    files: { 'n.txt': 'a\nb' },
    patch: p('*** Update File: n.txt', '@@', '+c'),
    expected: { 'n.txt': 'a\nb\nc\n' },
  },
  {
    name: 'adds the final newline when an End of File hunk rewrites the last line',
    files: { 'n.txt': 'a\nb' },
    patch: p('*** Update File: n.txt', '@@', ' a', '-b', '+B', '*** End of File'),
    expected: { 'n.txt': 'a\nB\n' },
  },
  {
    name: 'gives a missing final line break the ending of the first line',
    files: { 'n.txt': 'a\r\nb\nc' },
    patch: p('*** Update File: n.txt', '@@', '-a', '+A', ' b'),
    expected: { 'n.txt': 'A\r\nb\nc\r\n' },
  },
  {
    name: 'gives added lines the ending of the first line, not the most common one',
    files: { 'lf-first.txt': 'a\nb\r\nc\r\nd\r\n', 'crlf-first.txt': 'a\r\nb\nc\nd\n' },
    patch: p('*** Update File: lf-first.txt', '@@', ' a', '+x', '*** Update File: crlf-first.txt', '@@', ' a', '+x'),
    expected: { 'lf-first.txt': 'a\nx\nb\r\nc\r\nd\r\n', 'crlf-first.txt': 'a\r\nx\r\nb\nc\nd\n' },
  },
  {
    name: 'replaces a file that an Add File section names, as Codex does',
    files: { 'a.txt': 'old\nlines\n', 'b.txt': 'b\n' },
    patch: p('*** Add File: a.txt', '+new'),
    expected: { 'a.txt': 'new\n', 'b.txt': 'b\n' },
  },
  {
    name: 'places an add-only hunk at the end without moving the search for later hunks',
    files: { 'f.txt': 'one\ntwo\nthree\n' },
    patch: p('*** Update File: f.txt', '@@', '+four', '@@', '-one', '+ONE', '@@', ' three', '+three and a half'),
    expected: { 'f.txt': 'ONE\ntwo\nthree\nthree and a half\nfour\n' },
  },
  {
    name: 'edits an empty file',
    files: { 'e.txt': '' },
    patch: p('*** Update File: e.txt', '@@', '+first'),
    expected: { 'e.txt': 'first\n' },
  },
  {
    name: 'round-trips non-ASCII text',
    files: { 'u.md': 'héllo 世界 🎉\nΩ≈ç √∫\nzéro\n' },
    patch: p('*** Update File: u.md', '@@', ' héllo 世界 🎉', '-Ω≈ç √∫', '+Ωmega — ☃'),
    expected: { 'u.md': 'héllo 世界 🎉\nΩmega — ☃\nzéro\n' },
  },
  {
    name: 'keeps a UTF-8 BOM and matches the first line behind it',
    files: { 'b.cs': '\uFEFFusing System;\r\nclass C {}\r\n' },
    patch: p('*** Update File: b.cs', '@@', '-using System;', '+using System.IO;'),
    expected: { 'b.cs': '\uFEFFusing System.IO;\r\nclass C {}\r\n' },
  },
  {
    name: 'matches ignoring trailing whitespace and keeps the context line as in the file',
    files: { 'w.txt': 'keep   \nold\n' },
    patch: p('*** Update File: w.txt', '@@', ' keep', '-old', '+new'),
    expected: { 'w.txt': 'keep   \nnew\n' },
  },
  {
    name: 'matches ignoring indentation',
    files: { 'w.py': 'if x:\n\tcall()\n' },
    patch: p('*** Update File: w.py', '@@', ' if x:', '-    call()', '+\tcall(1)'),
    expected: { 'w.py': 'if x:\n\tcall(1)\n' },
  },
  {
    name: 'matches typographic quotes written as ASCII',
    files: { 'q.py': 'print(“hi”)\n' },
    patch: p('*** Update File: q.py', '@@', '-print("hi")', '+print("bye")'),
    expected: { 'q.py': 'print("bye")\n' },
  },
  {
    name: 'prefers the one exact match over looser ones',
    files: { 'f.txt': 'foo  \nfoo\n' },
    patch: p('*** Update File: f.txt', '@@', '-foo', '+bar'),
    expected: { 'f.txt': 'foo  \nbar\n' },
  },
  {
    name: 'reads an empty line inside a hunk as empty context',
    files: { 'f.txt': 'a\n\nb\n' },
    patch: p('*** Update File: f.txt', '@@', ' a', '', '-b', '+B'),
    expected: { 'f.txt': 'a\n\nB\n' },
  },
  {
    name: 'drops a trailing blank context line that the file does not have',
    files: { 'f.txt': 'a\nb\nc\n', 'g.txt': 'g\n' },
    patch: p('*** Update File: f.txt', '@@', ' a', '-b', '+B', '', '*** Update File: g.txt', '@@', '-g', '+G'),
    expected: { 'f.txt': 'a\nB\nc\n', 'g.txt': 'G\n' },
  },
  {
    name: 'lets later sections see earlier ones',
    files: {},
    patch: p('*** Add File: a.txt', '+one', '*** Update File: a.txt', '@@', '-one', '+two', '*** Update File: a.txt', '*** Move to: b.txt'),
    expected: { 'b.txt': 'two\n' },
  },
  {
    name: 'accepts a patch wrapped in a heredoc and surrounding whitespace',
    files: { 'f.txt': 'a\n' },
    patch: `\n  <<'EOF'\n${p('*** Update File: f.txt', '@@', '-a', '+b')}\nEOF\n\n`,
    expected: { 'f.txt': 'b\n' },
  },
];

describe('planPatch fixtures', () => {
  it.each(fixtures)('$name', async (fixture) => {
    expect(await applyText(fixture.files, fixture.patch)).toEqual(fixture.expected);
  });

  it('searches each hunk after the one before it', async () => {
    // The x on line 1 lies before the first hunk's place, so the second hunk may not use it.
    const files = { 'f.txt': 'x\nmid\nx\nend\n' };
    const result = await applyText(files, p('*** Update File: f.txt', '@@', ' mid', '-x', '+second', '@@', ' end', '+after end'));
    expect(result['f.txt']).toBe('x\nmid\nsecond\nend\nafter end\n');
    const error = await failure(files, p('*** Update File: f.txt', '@@', ' mid', '-x', '+second', '@@', '-x', '+again'));
    expect(error.hunk).toBe(2);
    expect(error.message).toContain('after line 3');
  });
});

describe('planPatch byte preservation', () => {
  it('writes untouched bytes back exactly, unicode and BOM included, ending the last line like the first', async () => {
    const original = Buffer.from('\uFEFFα\r\nβ — “γ”\n🎉 last', 'utf8');
    const files = new Map([['u.txt', original]]);
    const [change] = await plan(files, p('*** Update File: u.txt', '@@', '-α', '+A'));
    expect(change?.kind).toBe('update');
    const expected = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('A\r\nβ — “γ”\n🎉 last\r\n', 'utf8')]);
    expect(change && 'content' in change ? change.content.equals(expected) : false).toBe(true);
  });

  it('moves a binary file without decoding it', async () => {
    const binary = Buffer.from([0x00, 0xff, 0xfe, 0x10, 0x0a]);
    const files = new Map([['img.bin', binary]]);
    const result = replayChanges(files, await plan(files, p('*** Update File: img.bin', '*** Move to: assets/img.bin')));
    expect(result.get('assets/img.bin')?.equals(binary)).toBe(true);
    expect(result.has('img.bin')).toBe(false);
  });
});

describe('planPatch failures', () => {
  it('refuses to guess between two equal matches', async () => {
    const error = await failure({ 'm.py': TWINS }, p('*** Update File: m.py', '@@', '     x = 1', '-    return x', '+    return 0'));
    expect(error.message).toContain('match 2 places in m.py');
    expect(error.message).toContain('lines 2, 6');
    expect(error.message).toContain('"@@" anchor');
    expect(error.hunk).toBe(1);
  });

  it('refuses an anchor that names two lines', async () => {
    const error = await failure({ 'c.py': CLASSES }, p('*** Update File: c.py', '@@     def run(self):', '-        return 1', '+        return 2'));
    expect(error.message).toContain('matches 2 lines of c.py (lines 2, 6)');
    expect(error.message).toContain('outer anchor');
  });

  it('quotes the line that did not match, with the file line found there', async () => {
    const error = await failure(
      { 'src/f.txt': 'a\nb\nc\nd\n' },
      p('*** Update File: src/f.txt', '@@', ' a', ' b', '-see', '+C', ' d'),
    );
    expect(error).toBeInstanceOf(PatchApplyError);
    expect(error.path).toBe('src/f.txt');
    expect(error.hunk).toBe(1);
    expect(error.message).toContain('hunk 1 of 1 to src/f.txt');
    expect(error.message).toContain('starting " a" / " b"');
    expect(error.message).toContain('the removed line "see" was not found');
    expect(error.message).toContain('file line 3 is "c"');
    expect(error.message).toContain('Re-read src/f.txt around line 3 and resend the whole patch');
    expect(error.message).toContain('No file was changed');
  });

  it('shows whitespace in quoted lines so tab and space differences are visible', async () => {
    const error = await failure({ 'f.txt': 'a\nb\tc\n' }, p('*** Update File: f.txt', '@@', ' a', '-b  c', '+x'));
    expect(error.message).toContain('"b  c"');
    expect(error.message).toContain('"b\\tc"');
  });

  it('says when no line of the hunk is in the file', async () => {
    const error = await failure({ 'f.txt': 'a\n' }, p('*** Update File: f.txt', '@@', '-zzz', '+y'));
    expect(error.message).toContain('the first one, "zzz", does not appear');
  });

  it('reports an anchor that is not in the file', async () => {
    const error = await failure({ 'm.py': TWINS }, p('*** Update File: m.py', '@@ def gamma():', '-    x = 1', '+    x = 3'));
    expect(error.message).toContain('the anchor line "@@ def gamma():" was not found in m.py');
  });

  it('reports an End of File hunk that matches only in the middle', async () => {
    const error = await failure({ 'f.txt': 'a\nb\nc\n' }, p('*** Update File: f.txt', '@@', '-a', '+A', '*** End of File'));
    expect(error.message).toContain('End of File');
    expect(error.message).toContain('file line 1');
  });

  it.each([
    ['updating a missing file', {}, p('*** Update File: a.txt', '@@', '-x', '+y'), 'Cannot update a.txt: no such file'],
    ['deleting a missing file', {}, p('*** Delete File: a.txt'), 'Cannot delete a.txt: no such file'],
    [
      'moving onto an existing file',
      { 'a.txt': 'a\n', 'b.txt': 'b\n' },
      p('*** Update File: a.txt', '*** Move to: b.txt'),
      'Cannot move a.txt to b.txt: b.txt already exists',
    ],
    ['updating a binary file', { 'x.bin': 'a\0b\n' }, p('*** Update File: x.bin', '@@', '-a', '+b'), 'x.bin looks binary'],
  ])('refuses %s', async (_name, files, patch, message) => {
    expect((await failure(files, patch)).message).toContain(message);
  });

  it('refuses invalid UTF-8', async () => {
    const files = new Map([['latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]]);
    await expect(plan(files, p('*** Update File: latin1.txt', '@@', '+x'))).rejects.toThrow('latin1.txt is not valid UTF-8 text');
  });

  it('fails as a whole when a later section fails, leaving the files untouched', async () => {
    const files = toMap({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const before = new Map([...files].map(([path, content]) => [path, Buffer.from(content)]));
    const patch = p(
      '*** Update File: a.txt',
      '@@',
      '-a',
      '+A',
      '*** Add File: c.txt',
      '+c',
      '*** Delete File: b.txt',
      '*** Update File: a.txt',
      '@@',
      '-not there',
      '+x',
    );
    const error = await plan(files, patch).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PatchApplyError);
    expect((error as PatchApplyError).message).toContain('"not there"');
    expect([...files.keys()]).toEqual([...before.keys()]);
    for (const [path, content] of before) expect(files.get(path)?.equals(content)).toBe(true);
  });

  it('wraps a failing read with the path', async () => {
    const reader = async () => {
      throw new Error('EACCES: permission denied');
    };
    await expect(planPatch(parsePatch(p('*** Delete File: locked.txt')), reader)).rejects.toThrow(
      'Could not read locked.txt: EACCES: permission denied',
    );
  });
});

describe('summarizeChanges', () => {
  it('lists each touched path once, move targets included', async () => {
    const files = toMap({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const changes = await plan(
      files,
      p('*** Update File: a.txt', '*** Move to: moved/a.txt', '*** Add File: c.txt', '+c', '*** Update File: c.txt', '@@', '+d', '*** Delete File: b.txt'),
    );
    expect(changes.map((change) => change.kind)).toEqual(['update', 'add', 'update', 'delete']);
    expect(summarizeChanges(changes)).toEqual(['a.txt', 'moved/a.txt', 'c.txt', 'b.txt']);
  });
});
