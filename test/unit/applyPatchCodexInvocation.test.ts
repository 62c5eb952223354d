import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePatch, PatchParseError } from '../../electron/agent/patch/index.js';
import { patchInvocation } from '../../electron/agent/tools/patchInvocation.js';
import { commandArgv } from '../../electron/agent/tools/shellCommand.js';
import { cleanupAgentRuns, ofType, resultsOf, runAgent } from './agentFixture.js';

// Cases of Codex's codex-rs/apply-patch/src/invocation.rs tests: which shell calls are
// apply_patch, which folder their paths start from, and a bare patch sent as a command.

afterEach(cleanupAgentRuns);

const PATCH = '*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch';
const heredoc = (prefix: string, suffix = '') => `${prefix}apply_patch <<'PATCH'\n${PATCH}\nPATCH${suffix}`;
const bash = (script: string) => ['bash', '-lc', script];

/** The patch a call carries and its cd folder, checked to parse as Codex's single Add File of foo. */
function recognised(argv: string[]): { cd: string | undefined } {
  const invocation = patchInvocation(commandArgv(argv));
  if (invocation?.kind !== 'apply') throw new Error(`not recognised as apply_patch: ${JSON.stringify(argv)}`);
  expect(parsePatch(invocation.patch).sections).toEqual([{ kind: 'add', path: 'foo', lines: ['hi'], patchLine: expect.any(Number) }]);
  return { cd: invocation.cd };
}

describe('invocation.rs: which shell calls are apply_patch', () => {
  it('invocation.rs: a bare patch as the whole command is an error, not a command', () => {
    expect(patchInvocation(commandArgv([PATCH]))).toEqual({ kind: 'raw' });
    expect(patchInvocation(commandArgv(PATCH))).toEqual({ kind: 'raw' });
  });

  it('invocation.rs: a bare patch as a bash script is an error, not a command', () => {
    expect(patchInvocation(bash(PATCH))).toEqual({ kind: 'raw' });
  });

  it.each([['apply_patch'], ['applypatch']])('invocation.rs: ["%s", patch] is apply_patch', (program) => {
    expect(recognised([program, `${PATCH}\n`])).toEqual({ cd: undefined });
  });

  it('invocation.rs: a heredoc in bash -lc', () => {
    expect(recognised(bash(heredoc('')))).toEqual({ cd: undefined });
  });

  it('invocation.rs: a heredoc in bash -c, not a login shell', () => {
    expect(recognised(['bash', '-c', heredoc('')])).toEqual({ cd: undefined });
  });

  it('invocation.rs: the applypatch spelling with a heredoc', () => {
    expect(recognised(bash(`applypatch <<'PATCH'\n${PATCH}\nPATCH`))).toEqual({ cd: undefined });
  });

  it.each([
    ['powershell.exe -Command', ['powershell.exe', '-Command']],
    ['powershell.exe -NoProfile -Command', ['powershell.exe', '-NoProfile', '-Command']],
    ['pwsh -NoProfile -Command', ['pwsh', '-NoProfile', '-Command']],
  ])('invocation.rs: a heredoc in %s', (_name, shell) => {
    expect(recognised([...shell, heredoc('')])).toEqual({ cd: undefined });
  });

  it('invocation.rs: cmd.exe /c with a leading cd', () => {
    expect(recognised(['cmd.exe', '/c', heredoc('cd foo && ')])).toEqual({ cd: 'foo' });
  });

  it('invocation.rs: a leading cd <folder> &&', () => {
    expect(recognised(bash(heredoc('cd foo && ')))).toEqual({ cd: 'foo' });
  });

  it.each([
    ['single', "cd 'foo bar' && "],
    ['double', 'cd "foo bar" && '],
  ])('invocation.rs: a cd to a %s-quoted folder with a space', (_name, prefix) => {
    expect(recognised(bash(heredoc(prefix)))).toEqual({ cd: 'foo bar' });
  });

  it.each([
    ['cd then ;', 'cd foo; '],
    ['cd then ||', 'cd bar || '],
    ['cd piped', 'cd bar | '],
    ['another command first', 'echo foo && '],
    ['two cds', 'cd foo && cd bar && '],
    ['cd with two arguments', 'cd foo bar && '],
    ['a command before the cd', 'echo foo; cd bar && '],
  ])('invocation.rs: %s is an ordinary command', (_name, prefix) => {
    expect(patchInvocation(bash(heredoc(prefix)))).toBeUndefined();
  });

  it('invocation.rs: apply_patch with an argument before the heredoc is an ordinary command', () => {
    expect(patchInvocation(bash(`apply_patch foo <<'PATCH'\n${PATCH}\nPATCH`))).toBeUndefined();
  });

  it('invocation.rs: a command after the heredoc keeps the patch from applying', () => {
    // Codex leaves this to the shell, where apply_patch does not exist; Codebay says what is wrong.
    const invocation = patchInvocation(bash(heredoc('cd bar && ', ' && echo done')));
    expect(invocation?.kind === 'apply' ? () => parsePatch(invocation.patch) : undefined).toThrow(PatchParseError);
  });
});

describe('invocation.rs: running them', () => {
  it('invocation.rs: a bare patch sent as a shell command gets a result saying to call apply_patch', async () => {
    const run = await runAgent({ script: [{ toolCalls: [{ name: 'shell', arguments: { command: [PATCH] } }] }, { text: 'Done.' }] });
    expect(resultsOf(run.requests[1])[0]?.output).toMatch(/not a shell command, so nothing was run.*Call the apply_patch tool/s);
    expect(ofType(run.events, 'exec.begin')).toHaveLength(0);
    await expect(stat(path.join(run.root, 'foo'))).rejects.toThrow(/ENOENT/);
  });

  it('invocation.rs: replacing the last line through a bash heredoc', async () => {
    const patch = "*** Begin Patch\n*** Update File: last.txt\n@@\n foo\n bar\n-baz\n+BAZ\n\n*** End Patch";
    const run = await runAgent({
      files: { 'last.txt': 'foo\nbar\nbaz\n' },
      script: [{ toolCalls: [{ name: 'shell', arguments: { command: bash(`apply_patch <<'EOF'\n${patch}\nEOF`) } }] }, { text: 'Done.' }],
    });
    expect(await readFile(path.join(run.root, 'last.txt'), 'utf8')).toBe('foo\nbar\nBAZ\n');
  });

  it('invocation.rs: inserting at the end of the file through a bash heredoc', async () => {
    const patch = '*** Begin Patch\n*** Update File: insert.txt\n@@\n+quux\n*** End of File\n\n*** End Patch';
    const run = await runAgent({
      files: { 'insert.txt': 'foo\nbar\nbaz\n' },
      script: [{ toolCalls: [{ name: 'shell', arguments: { command: bash(`apply_patch <<'EOF'\n${patch}\nEOF`) } }] }, { text: 'Done.' }],
    });
    expect(await readFile(path.join(run.root, 'insert.txt'), 'utf8')).toBe('foo\nbar\nbaz\nquux\n');
  });

  it('invocation.rs: relative paths of ["apply_patch", patch] start at the workspace root', async () => {
    const patch = '*** Begin Patch\n*** Update File: source.txt\n@@\n-session directory content\n+updated session directory content\n*** End Patch';
    const run = await runAgent({
      files: { 'source.txt': 'session directory content\n' },
      script: [{ toolCalls: [{ name: 'shell', arguments: { command: ['apply_patch', patch] } }] }, { text: 'Done.' }],
    });
    expect(await readFile(path.join(run.root, 'source.txt'), 'utf8')).toBe('updated session directory content\n');
  });

  it('invocation.rs: after cd <folder> &&, the file and its Move to destination are in that folder', async () => {
    const patch = '*** Begin Patch\n*** Update File: old.txt\n*** Move to: renamed.txt\n@@\n-before\n+after\n*** End Patch';
    const run = await runAgent({
      files: { 'alt/old.txt': 'before\n' },
      script: [{ toolCalls: [{ name: 'shell', arguments: { command: bash(`cd alt && apply_patch <<'PATCH'\n${patch}\nPATCH`) } }] }, { text: 'Done.' }],
    });
    expect(resultsOf(run.requests[1])[0]?.output).toBe('Success. Updated the following files:\nR alt/old.txt -> alt/renamed.txt');
    expect(await readFile(path.join(run.root, 'alt/renamed.txt'), 'utf8')).toBe('after\n');
    await expect(stat(path.join(run.root, 'alt/old.txt'))).rejects.toThrow(/ENOENT/);
  });

  it('invocation.rs: a cd out of the workspace is refused with nothing changed', async () => {
    const run = await runAgent({
      script: [{ toolCalls: [{ name: 'shell', arguments: { command: bash(heredoc('cd /tmp && ')) } }] }, { text: 'Done.' }],
    });
    expect(resultsOf(run.requests[1])[0]?.output).toMatch(/^apply_patch failed\. The patch was sent from \/tmp, which is outside the workspace \(\/workspace\)/);
    expect(ofType(run.events, 'patch.applied')[0]).toMatchObject({ ok: false });
  });

  it('invocation.rs: a shell workdir sets the folder the paths start from, as a cd does', async () => {
    const run = await runAgent({
      files: { 'pkg/app.txt': 'one\n' },
      script: [
        { toolCalls: [{ name: 'shell', arguments: { command: ['apply_patch', '*** Begin Patch\n*** Update File: app.txt\n@@\n-one\n+two\n*** End Patch'], workdir: 'pkg' } }] },
        { text: 'Done.' },
      ],
    });
    expect(await readFile(path.join(run.root, 'pkg/app.txt'), 'utf8')).toBe('two\n');
  });
});
