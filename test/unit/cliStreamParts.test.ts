import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { elapsedMs, planStatus, readJsonLine, workspacePath } from '../../electron/agent/backends/cliStreamParts.js';
import { shellWords } from '../../electron/agent/backends/shellWords.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

describe('shellWords', () => {
  it('splits the command lines Codex prints', () => {
    expect(shellWords("/bin/bash -lc 'ls -a'")).toEqual(['/bin/bash', '-lc', 'ls -a']);
    expect(shellWords(`/bin/bash -lc 'echo '"'"'hi'"'"''`)).toEqual(['/bin/bash', '-lc', "echo 'hi'"]);
    expect(shellWords("/bin/bash -lc \"apply_patch <<'EOF'\n*** Begin Patch\nEOF\"")).toEqual(['/bin/bash', '-lc', "apply_patch <<'EOF'\n*** Begin Patch\nEOF"]);
    expect(shellWords('echo "a \\"b\\" \\$HOME \\x"  c\\ d')).toEqual(['echo', 'a "b" $HOME \\x', 'c d']);
    expect(shellWords("a '' b")).toEqual(['a', '', 'b']);
  });

  it('gives up on quoting left open', () => {
    expect(shellWords("bash -lc 'ls")).toBeUndefined();
    expect(shellWords('echo "x')).toBeUndefined();
    expect(shellWords('echo x\\')).toBeUndefined();
  });

  it('reads back any argv quoted the way shlex quotes it', () => {
    const quote = (word: string): string => (word !== '' && /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`);
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), (argv) => {
        expect(shellWords(argv.map(quote).join(' '))).toEqual(argv);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('workspacePath', () => {
  it('makes paths inside the workspace relative and leaves the rest absolute', () => {
    expect(workspacePath('/workspace', '/workspace/src/a.ts')).toBe('src/a.ts');
    expect(workspacePath('/workspace', 'src/../b.ts')).toBe('b.ts');
    expect(workspacePath('/workspace', '/workspace')).toBe('/workspace');
    expect(workspacePath('/workspace', '/workspace-old/a.ts')).toBe('/workspace-old/a.ts');
    expect(workspacePath('/workspace', '/workspace/../etc/passwd')).toBe('/etc/passwd');
    expect(workspacePath('/workspace', '..foo/a')).toBe('..foo/a');
  });
});

describe('readJsonLine', () => {
  const schema = z.object({ type: z.literal('x'), n: z.number() });

  it('reads a line of the expected shape and nothing else', () => {
    expect(readJsonLine('{"type":"x","n":1,"extra":true}', schema)).toEqual({ type: 'x', n: 1 });
    expect(readJsonLine('{"type":"x","n":"1"}', schema)).toBeUndefined();
    expect(readJsonLine('{"type":"x"', schema)).toBeUndefined();
    expect(readJsonLine('', schema)).toBeUndefined();
  });
});

describe('small readers', () => {
  it('maps unknown plan statuses to pending', () => {
    expect([planStatus('completed'), planStatus('in_progress'), planStatus('pending'), planStatus('blocked')]).toEqual(['completed', 'in_progress', 'pending', 'pending']);
  });

  it('never gives a negative or non-finite duration', () => {
    expect(elapsedMs(10, 5)).toBe(0);
    expect(elapsedMs(0, 2.6)).toBe(3);
    expect(elapsedMs(Number.NaN, 5)).toBe(0);
  });
});
