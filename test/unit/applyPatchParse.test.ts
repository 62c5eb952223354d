import { describe, expect, it } from 'vitest';
import { PatchParseError, PatchPathError, parsePatch, resolvePatchPath, validatePatchPath } from '../../electron/agent/patch/index.js';

const p = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

function parseFailure(text: string): PatchParseError {
  try {
    parsePatch(text);
  } catch (error) {
    if (error instanceof PatchParseError) return error;
    throw error;
  }
  throw new Error('the patch parsed but should have been refused');
}

describe('parsePatch', () => {
  it('reads every kind of section', () => {
    const patch = parsePatch(
      p(
        '*** Add File: docs/new.md',
        '+# Title',
        '+',
        '*** Delete File: old.txt',
        '*** Update File: src/a.ts',
        '*** Move to: src/b.ts',
        '@@ class Foo',
        '@@   method() {',
        ' keep',
        '-drop',
        '+put',
        '@@',
        '-last',
        '*** End of File',
      ),
    );
    expect(patch.sections).toEqual([
      { kind: 'add', path: 'docs/new.md', lines: ['# Title', ''], patchLine: 2 },
      { kind: 'delete', path: 'old.txt', patchLine: 5 },
      {
        kind: 'update',
        path: 'src/a.ts',
        movePath: 'src/b.ts',
        patchLine: 6,
        hunks: [
          {
            anchors: ['class Foo', 'method() {'],
            lines: [
              { op: 'context', text: 'keep' },
              { op: 'remove', text: 'drop' },
              { op: 'add', text: 'put' },
            ],
            endOfFile: false,
            patchLine: 8,
          },
          { anchors: [], lines: [{ op: 'remove', text: 'last' }], endOfFile: true, patchLine: 13 },
        ],
      },
    ]);
  });

  it('keeps a context line that quotes a section header', () => {
    const patch = parsePatch(p('*** Update File: fixture.patch', '@@', ' *** Add File: x', '-old', '+new'));
    const section = patch.sections[0];
    expect(section?.kind === 'update' ? section.hunks[0]?.lines[0] : undefined).toEqual({ op: 'context', text: '*** Add File: x' });
  });

  it('treats blank lines between Add File lines as empty lines and trailing ones as separators', () => {
    const patch = parsePatch(p('*** Add File: a.txt', '+one', '', '+three', '', '', '*** Delete File: b.txt'));
    expect(patch.sections[0]).toMatchObject({ kind: 'add', lines: ['one', '', 'three'] });
  });

  it('accepts heredoc wrappers, surrounding whitespace and the shell form', () => {
    const body = p('*** Delete File: a.txt');
    for (const text of [`<<EOF\n${body}\nEOF`, `<<"PATCH"\n${body}\nPATCH\n`, `apply_patch <<'EOF'\n${body}\nEOF`, `\n\n  ${body}  \n\n`]) {
      expect(parsePatch(text).sections).toEqual([{ kind: 'delete', path: 'a.txt', patchLine: expect.any(Number) }]);
    }
  });

  it('normalises section paths', () => {
    expect(parsePatch(p('*** Delete File:  ./src//a.ts ')).sections[0]?.path).toBe('src/a.ts');
  });

  it.each([
    ['a missing Begin Patch', '*** Update File: a.txt\n@@\n-a\n*** End Patch', 1, 'first line'],
    ['a missing End Patch', '*** Begin Patch\n*** Delete File: a.txt', 2, '"*** End Patch" as the last line'],
    ['an empty patch', '   \n', 1, '"*** Begin Patch" as the first line'],
    ['a patch with no sections', p(), 2, 'no file sections'],
    ['an unknown header', p('*** Rename File: a.txt'), 2, 'unknown header "*** Rename File: a.txt"'],
    ['text outside a section', p('hello'), 2, 'unexpected line "hello" outside a file section'],
    ['a hunk line without a prefix', p('*** Update File: a.txt', '@@', ' a', 'b', '+c'), 5, 'hunk line "b" has no " ", "-" or "+" prefix'],
    ['an Add File line without +', p('*** Add File: a.txt', '+a', 'b'), 4, 'does not start with "+"'],
    ['an Update File without hunks', p('*** Update File: a.txt', '*** Delete File: b.txt'), 2, 'has no hunks'],
    ['an @@ line without hunk lines', p('*** Update File: a.txt', '@@ foo', '*** Delete File: b.txt'), 3, 'has no lines'],
    ['End of File before any hunk line', p('*** Update File: a.txt', '@@', '*** End of File'), 4, 'does not follow any hunk lines'],
    ['a hunk after End of File', p('*** Update File: a.txt', '@@', '-a', '*** End of File', '@@', '-b'), 6, 'after "*** End of File"'],
    ['a Move to line after hunks', p('*** Update File: a.txt', '@@', '-a', '*** Move to: b.txt'), 5, 'unknown header "*** Move to: b.txt"'],
    ['an absolute path', p('*** Delete File: /etc/passwd'), 2, 'is absolute'],
    ['a path that climbs out', p('*** Add File: ../outside.txt', '+x'), 2, "contains a '..' segment"],
    ['a path into .git', p('*** Update File: .git/config', '@@', '-a'), 2, 'points into .git/'],
    ['a move into .git', p('*** Update File: a.txt', '*** Move to: .git/hooks/pre-commit'), 3, 'points into .git/'],
    ['an empty path', p('*** Delete File: '), 2, 'is empty'],
  ])('refuses %s, naming the line', (_name, text, line, message) => {
    const error = parseFailure(text);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`line ${line}`);
    expect(error.message).toContain(message);
    expect(error.message).toContain('resend the whole patch');
  });

  it('counts lines of the original text, heredoc opener included', () => {
    expect(parseFailure(`<<'EOF'\n*** Begin Patch\n*** Update File: a.txt\n@@\nbad\n*** End Patch\nEOF`).line).toBe(5);
  });
});

describe('validatePatchPath', () => {
  it.each([
    ['a.txt', 'a.txt'],
    ['./src//app.ts', 'src/app.ts'],
    ['.github/workflows/ci.yml', '.github/workflows/ci.yml'],
    ['dir/.gitignore', 'dir/.gitignore'],
    ['name with spaces/ünïcode.md', 'name with spaces/ünïcode.md'],
    ['a/..b/c..', 'a/..b/c..'],
  ])('accepts %j as %j', (raw, normalised) => {
    expect(validatePatchPath(raw)).toBe(normalised);
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['/abs/file', 'is absolute'],
    ['C:/Windows/win.ini', 'is absolute'],
    ['~/notes.txt', 'home directory'],
    ['..', "'..' segment"],
    ['a/../b', "'..' segment"],
    ['a/b/../../../etc', "'..' segment"],
    ['.git', 'points into .git/'],
    ['.git/config', 'points into .git/'],
    ['vendor/lib/.GIT/HEAD', 'points into .git/'],
    ['a\0b', 'NUL byte'],
    ['a\\..\\b', 'backslash'],
    ['src/', 'names a folder'],
    ['./.', 'workspace root'],
  ])('refuses %j', (raw, problem) => {
    expect(() => validatePatchPath(raw)).toThrow(PatchPathError);
    expect(() => validatePatchPath(raw)).toThrow(problem);
  });
});

describe('resolvePatchPath', () => {
  const inWorkspace = { root: '/workspace/' };

  it.each([
    ['/workspace/src/app.ts', inWorkspace, 'src/app.ts'],
    ['/workspace/./src//app.ts', inWorkspace, 'src/app.ts'],
    ['/workspace/a/../b.ts', inWorkspace, 'b.ts'],
    ['app.ts', { root: '/workspace', base: 'pkg/sub' }, 'pkg/sub/app.ts'],
    ['../../top.ts', { root: '/workspace', base: 'pkg/sub' }, 'top.ts'],
    ['/workspace/other.ts', { root: '/workspace', base: 'pkg' }, 'other.ts'],
  ])('resolves %j from %j to %j', (raw, place, resolved) => {
    expect(resolvePatchPath(raw, place)).toBe(resolved);
  });

  it.each([
    ['/workspace', inWorkspace, 'names the workspace root'],
    ['/workspace/', inWorkspace, 'ends with a slash'],
    ['/workspaces/x.ts', inWorkspace, 'is absolute and outside the workspace (/workspace)'],
    ['/workspace/../etc/passwd', inWorkspace, 'is absolute and outside the workspace'],
    ['/workspace/.git/config', inWorkspace, 'points into .git/'],
    ['/etc/passwd', {}, 'is absolute'],
    ['../../../out.ts', { base: 'pkg/sub' }, 'leads out of the workspace from pkg/sub/'],
    ['~/x.ts', { base: 'pkg' }, 'home directory'],
    ['.git/config', { base: '' }, 'points into .git/'],
    ['../.git/HEAD', { base: 'pkg' }, 'points into .git/'],
  ])('refuses %j from %j', (raw, place, problem) => {
    expect(() => resolvePatchPath(raw, place)).toThrow(PatchPathError);
    expect(() => resolvePatchPath(raw, place)).toThrow(problem);
  });
});
