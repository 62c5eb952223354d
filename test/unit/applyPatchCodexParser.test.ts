import { describe, expect, it } from 'vitest';
import { PatchParseError, parsePatch, resolvePatchPath, type Patch } from '../../electron/agent/patch/index.js';

// Cases of Codex's codex-rs/apply-patch/src/parser.rs tests, restated for Codebay's parser:
// the same patches, and the same sections, hunks and refusals where the formats agree.

const p = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');
const context = (text: string) => ({ op: 'context', text });
const remove = (text: string) => ({ op: 'remove', text });
const add = (text: string) => ({ op: 'add', text });

function refusal(text: string): PatchParseError {
  try {
    parsePatch(text);
  } catch (error) {
    if (error instanceof PatchParseError) return error;
    throw error;
  }
  throw new Error('the patch parsed but should have been refused');
}

/** The sections without the patch line numbers, which Codex does not report. */
function shapes(patch: Patch): unknown[] {
  return patch.sections.map(({ patchLine: _line, ...section }) =>
    section.kind === 'update' ? { ...section, hunks: section.hunks.map(({ patchLine: _hunkLine, ...hunk }) => hunk) } : section,
  );
}

describe('parser.rs: parse_patch', () => {
  it('parser.rs: refuses text that does not start with *** Begin Patch', () => {
    expect(refusal('bad').message).toContain('"*** Begin Patch" as the first line');
  });

  it('parser.rs: refuses a patch that does not end with *** End Patch', () => {
    expect(refusal('*** Begin Patch\nbad').message).toContain('"*** End Patch" as the last line');
  });

  it('parser.rs: reads Begin and End Patch lines padded with spaces', () => {
    expect(shapes(parsePatch('*** Begin Patch \n*** Add File: foo\n+hi\n *** End Patch'))).toEqual([{ kind: 'add', path: 'foo', lines: ['hi'] }]);
  });

  it('parser.rs: refuses an Update File section without hunks, naming its line', () => {
    const error = refusal(p('*** Update File: test.py'));
    expect(error.line).toBe(2);
    expect(error.message).toContain('the Update File section for test.py has no hunks');
  });

  it('parser.rs: refuses a patch with no sections (Codex refuses it when applying: "No files were modified")', () => {
    expect(refusal(p()).message).toContain('the patch has no file sections');
  });

  it('parser.rs: reads add, delete and update-with-move sections in order', () => {
    const patch = parsePatch(
      p(
        '*** Add File: path/add.py',
        '+abc',
        '+def',
        '*** Delete File: path/delete.py',
        '*** Update File: path/update.py',
        '*** Move to: path/update2.py',
        '@@ def f():',
        '-    pass',
        '+    return 123',
      ),
    );
    expect(shapes(patch)).toEqual([
      { kind: 'add', path: 'path/add.py', lines: ['abc', 'def'] },
      { kind: 'delete', path: 'path/delete.py' },
      {
        kind: 'update',
        path: 'path/update.py',
        movePath: 'path/update2.py',
        hunks: [{ anchors: ['def f():'], lines: [remove('    pass'), add('    return 123')], endOfFile: false }],
      },
    ]);
  });

  it('parser.rs: ends an update hunk at the next section header', () => {
    expect(shapes(parsePatch(p('*** Update File: file.py', '@@', '+line', '*** Add File: other.py', '+content')))).toEqual([
      { kind: 'update', path: 'file.py', hunks: [{ anchors: [], lines: [add('line')], endOfFile: false }] },
      { kind: 'add', path: 'other.py', lines: ['content'] },
    ]);
  });

  it('parser.rs: reads a first hunk that has no @@ line', () => {
    expect(shapes(parsePatch(p('*** Update File: file2.py', ' import foo', '+bar')))).toEqual([
      { kind: 'update', path: 'file2.py', hunks: [{ anchors: [], lines: [context('import foo'), add('bar')], endOfFile: false }] },
    ]);
  });

  it('parser.rs: reads a long patch with every kind of section (the streaming test, whole)', () => {
    const patch = parsePatch(
      p(
        '*** Add File: docs/release-notes.md',
        '+# Notes',
        '+',
        '+- first',
        '*** Update File: src/config.rs',
        '@@ impl Config',
        '-    pub progress: bool,',
        '+    pub stream_progress: bool,',
        '     pub diagnostics: bool,',
        '@@ fn default_interval()',
        '-    Duration::from_millis(500)',
        '+    Duration::from_millis(250)',
        '*** Delete File: src/legacy.rs',
        '*** Update File: crates/cli/src/main.rs',
        '*** Move to: crates/cli/src/bin/tool.rs',
        '@@ fn run()',
        '-    let args = Args::parse();',
        '+    let cli = Cli::parse();',
        '*** Add File: tests/fixture.json',
        '+{',
        '+  "type": "progress"',
        '+}',
        '*** Update File: README.md',
        '@@ Development',
        ' Build before opening a pull request.',
        '+Cover partial input in parser tests.',
        '*** Delete File: docs/old.md',
      ),
    );
    expect(shapes(patch)).toEqual([
      { kind: 'add', path: 'docs/release-notes.md', lines: ['# Notes', '', '- first'] },
      {
        kind: 'update',
        path: 'src/config.rs',
        hunks: [
          {
            anchors: ['impl Config'],
            lines: [remove('    pub progress: bool,'), add('    pub stream_progress: bool,'), context('    pub diagnostics: bool,')],
            endOfFile: false,
          },
          { anchors: ['fn default_interval()'], lines: [remove('    Duration::from_millis(500)'), add('    Duration::from_millis(250)')], endOfFile: false },
        ],
      },
      { kind: 'delete', path: 'src/legacy.rs' },
      {
        kind: 'update',
        path: 'crates/cli/src/main.rs',
        movePath: 'crates/cli/src/bin/tool.rs',
        hunks: [{ anchors: ['fn run()'], lines: [remove('    let args = Args::parse();'), add('    let cli = Cli::parse();')], endOfFile: false }],
      },
      { kind: 'add', path: 'tests/fixture.json', lines: ['{', '  "type": "progress"', '}'] },
      {
        kind: 'update',
        path: 'README.md',
        hunks: [{ anchors: ['Development'], lines: [context('Build before opening a pull request.'), add('Cover partial input in parser tests.')], endOfFile: false }],
      },
      { kind: 'delete', path: 'docs/old.md' },
    ]);
  });
});

describe('parser.rs: relative and absolute paths', () => {
  const place = { root: '/workspace' };

  it('parser.rs: accepts absolute paths next to relative ones, inside the workspace', () => {
    const patch = parsePatch(
      p('*** Add File: relative-add.py', '+content', '*** Delete File: /workspace/absolute-delete.py', '*** Update File: /workspace/absolute-update.py', '@@', '-old', '+new'),
      place,
    );
    expect(patch.sections.map((section) => section.path)).toEqual(['relative-add.py', 'absolute-delete.py', 'absolute-update.py']);
  });

  it('parser.rs: resolves relative paths against the folder patched from and absolute ones as they are', () => {
    const from = { root: '/workspace', base: 'cwd' };
    expect(resolvePatchPath('relative-add.py', from)).toBe('cwd/relative-add.py');
    expect(resolvePatchPath('nested/relative-update.py', from)).toBe('cwd/nested/relative-update.py');
    expect(resolvePatchPath('/workspace/elsewhere/absolute-add.py', from)).toBe('elsewhere/absolute-add.py');
    expect(resolvePatchPath('../up.py', from)).toBe('up.py');
  });

  it('parser.rs: refuses an absolute path outside the workspace, which Codex would write (a deliberate limit)', () => {
    const patch = p('*** Delete File: /tmp/absolute-delete.py');
    expect(() => parsePatch(patch, place)).toThrow(PatchParseError);
    expect(() => parsePatch(patch, place)).toThrow('is absolute and outside the workspace (/workspace)');
    expect(() => resolvePatchPath('../../out.py', { root: '/workspace', base: 'cwd' })).toThrow('leads out of the workspace from cwd/');
  });
});

describe('parser.rs: the lenient heredoc forms', () => {
  const body = p('*** Update File: file2.py', ' import foo', '+bar');
  const expected = [{ kind: 'update', path: 'file2.py', hunks: [{ anchors: [], lines: [context('import foo'), add('bar')], endOfFile: false }] }];

  it.each([
    ['<<EOF', `<<EOF\n${body}\nEOF\n`],
    ["<<'EOF'", `<<'EOF'\n${body}\nEOF\n`],
    ['<<"EOF"', `<<"EOF"\n${body}\nEOF\n`],
  ])('parser.rs: strips a %s wrapper', (_name, text) => {
    expect(shapes(parsePatch(text))).toEqual(expected);
  });

  it('parser.rs: refuses a heredoc wrapper with mismatched quotes', () => {
    expect(refusal(`<<"EOF'\n${body}\nEOF\n`).message).toContain('"*** Begin Patch" as the first line');
  });

  it('parser.rs: refuses a heredoc whose patch has no End Patch', () => {
    expect(refusal('<<EOF\n*** Begin Patch\n*** Update File: file2.py\nEOF\n').message).toContain('"*** End Patch" as the last line');
  });
});

describe('parser.rs: parse_one_hunk and parse_update_file_chunk', () => {
  it('parser.rs: refuses a line that is not a section header', () => {
    const error = refusal(p('bad'));
    expect(error.line).toBe(2);
    expect(error.message).toContain('unexpected line "bad" outside a file section');
  });

  it('parser.rs: refuses a hunk line without a prefix', () => {
    expect(refusal(p('*** Update File: a.py', '@@', '-x', 'bad')).message).toContain('hunk line "bad" has no " ", "-" or "+" prefix');
    expect(refusal(p('*** Update File: a.py', '@@', 'bad')).message).toContain('hunk line "bad" has no " ", "-" or "+" prefix');
  });

  it('parser.rs: refuses an @@ line with no hunk lines', () => {
    expect(refusal(p('*** Update File: a.py', '@@')).message).toContain('this "@@" hunk has no lines');
  });

  it('parser.rs: refuses End of File right after @@', () => {
    expect(refusal(p('*** Update File: a.py', '@@', '*** End of File')).message).toContain('"*** End of File" does not follow any hunk lines');
  });

  it('parser.rs: reads an empty line in a hunk as empty context', () => {
    const patch = parsePatch(p('*** Update File: a.py', '@@ change_context', '', ' context', '-remove', '+add', ' context2'));
    expect(shapes(patch)).toEqual([
      {
        kind: 'update',
        path: 'a.py',
        hunks: [{ anchors: ['change_context'], lines: [context(''), context('context'), remove('remove'), add('add'), context('context2')], endOfFile: false }],
      },
    ]);
  });

  it('parser.rs: marks a hunk followed by End of File', () => {
    expect(shapes(parsePatch(p('*** Update File: a.py', '@@', '+line', '*** End of File')))).toEqual([
      { kind: 'update', path: 'a.py', hunks: [{ anchors: [], lines: [add('line')], endOfFile: true }] },
    ]);
  });

  it('parser.rs: stacks @@ lines into nested anchors', () => {
    expect(shapes(parsePatch(p('*** Update File: a.py', '@@ class BaseClass', '@@     def method()', ' context', '-old', '+new')))).toEqual([
      {
        kind: 'update',
        path: 'a.py',
        hunks: [{ anchors: ['class BaseClass', 'def method()'], lines: [context('context'), remove('old'), add('new')], endOfFile: false }],
      },
    ]);
  });
});
