import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupAgentRuns, ofType, resultsOf, runAgent } from './agentFixture.js';

// Cases of Codex's codex-rs/apply-patch/tests/suite/tool.rs, which run its apply_patch
// program in a folder. Here the scripted model calls the apply_patch tool in a real
// workspace folder, and the test reads the tool result and the files.

afterEach(cleanupAgentRuns);

const p = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

interface Applied {
  output: string;
  ok: boolean | undefined;
  read: (file: string) => Promise<string>;
  files: () => Promise<string[]>;
}

async function applyPatch(files: Record<string, string>, patch: string): Promise<Applied> {
  const run = await runAgent({ files, script: [{ toolCalls: [{ name: 'apply_patch', arguments: { input: patch } }] }, { text: 'Done.' }] });
  const walk = async (dir: string): Promise<string[]> => {
    const names: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) names.push(...(await walk(full)));
      else names.push(path.relative(run.root, full));
    }
    return names.sort();
  };
  return {
    output: resultsOf(run.requests[1])[0]?.output ?? '',
    ok: ofType(run.events, 'patch.applied')[0]?.ok,
    read: (file) => readFile(path.join(run.root, file), 'latin1'),
    files: () => walk(run.root),
  };
}

describe('tool.rs: the apply_patch tool in a folder', () => {
  it('tool.rs: applies an add, a delete and an update in one patch', async () => {
    const result = await applyPatch(
      { 'modify.txt': 'line1\nline2\n', 'delete.txt': 'obsolete\n' },
      p('*** Add File: nested/new.txt', '+created', '*** Delete File: delete.txt', '*** Update File: modify.txt', '@@', '-line2', '+changed'),
    );
    // Codex groups the summary by kind; Codebay lists the files in patch order.
    expect(result.output).toBe('Success. Updated the following files:\nA nested/new.txt\nD delete.txt\nM modify.txt');
    expect(await result.read('nested/new.txt')).toBe('created\n');
    expect(await result.read('modify.txt')).toBe('line1\nchanged\n');
    expect(await result.files()).toEqual(['modify.txt', 'nested/new.txt']);
  });

  it('tool.rs: applies two hunks to one file', async () => {
    const result = await applyPatch(
      { 'multi.txt': 'line1\nline2\nline3\nline4\n' },
      p('*** Update File: multi.txt', '@@', '-line2', '+changed2', '@@', '-line4', '+changed4'),
    );
    expect(result.output).toBe('Success. Updated the following files:\nM multi.txt');
    expect(await result.read('multi.txt')).toBe('line1\nchanged2\nline3\nchanged4\n');
  });

  it("tool.rs: keeps a file's CRLF endings and gives new lines CRLF", async () => {
    const result = await applyPatch(
      { 'crlf.txt': 'one\r\ntwo\r\nthree\r\n' },
      p('*** Update File: crlf.txt', '@@', '-one', '+uno', '@@', ' two', '+', '+between', ' three'),
    );
    expect(await result.read('crlf.txt')).toBe('uno\r\ntwo\r\n\r\nbetween\r\nthree\r\n');
  });

  it('tool.rs: keeps the order of changes when lines repeat', async () => {
    const result = await applyPatch({ 'repeated.txt': 'a\nb\n' }, p('*** Update File: repeated.txt', '@@', '-a', '-b', '+b', '+b', '+a'));
    expect(await result.read('repeated.txt')).toBe('b\nb\na\n');
  });

  it('tool.rs: keeps the ending of a repeated context line as it is in the file', async () => {
    const result = await applyPatch({ 'repeated_context.txt': 'same\r\nsame\n' }, p('*** Update File: repeated_context.txt', '@@', '-same', ' same'));
    expect(await result.read('repeated_context.txt')).toBe('same\n');
  });

  it('tool.rs: keeps untouched mixed line endings and gives a new line the first line ending', async () => {
    const result = await applyPatch(
      { 'mixed.txt': 'one\r\ntwo\nthree\r\nfour\n' },
      p('*** Update File: mixed.txt', '@@', ' one', ' two', '-three', '+THREE', ' four'),
    );
    expect(await result.read('mixed.txt')).toBe('one\r\ntwo\nTHREE\r\nfour\n');
  });

  it('tool.rs: ends a file that had no final line break with CRLF when its lines use CRLF', async () => {
    const result = await applyPatch({ 'no_trailing_newline.txt': 'one\r\ntwo' }, p('*** Update File: no_trailing_newline.txt', '@@', '-one', '+ONE'));
    expect(await result.read('no_trailing_newline.txt')).toBe('ONE\r\ntwo\r\n');
  });

  it('tool.rs: moves a file into folders that do not exist yet', async () => {
    const result = await applyPatch(
      { 'old/name.txt': 'old content\n' },
      p('*** Update File: old/name.txt', '*** Move to: renamed/dir/name.txt', '@@', '-old content', '+new content'),
    );
    expect(result.output).toBe('Success. Updated the following files:\nR old/name.txt -> renamed/dir/name.txt');
    expect(await result.read('renamed/dir/name.txt')).toBe('new content\n');
    expect(await result.files()).toEqual(['renamed/dir/name.txt']);
  });

  it('tool.rs: refuses an empty patch', async () => {
    const result = await applyPatch({}, p());
    expect(result.output).toMatch(/^apply_patch failed\. Invalid patch at line 2: the patch has no file sections/);
    expect(result.ok).toBe(false);
  });

  it('tool.rs: reports the lines it could not find and changes nothing', async () => {
    const result = await applyPatch({ 'modify.txt': 'line1\nline2\n' }, p('*** Update File: modify.txt', '@@', '-missing', '+changed'));
    expect(result.output).toContain('the first one, "missing", does not appear');
    expect(await result.read('modify.txt')).toBe('line1\nline2\n');
  });

  it('tool.rs: refuses to delete a file that does not exist', async () => {
    const result = await applyPatch({}, p('*** Delete File: missing.txt'));
    expect(result.output).toContain('Cannot delete missing.txt: no such file');
  });

  it('tool.rs: refuses an Update File section without hunks', async () => {
    const result = await applyPatch({}, p('*** Update File: foo.txt'));
    expect(result.output).toContain('Invalid patch at line 2: the Update File section for foo.txt has no hunks');
  });

  it('tool.rs: refuses to update a file that does not exist', async () => {
    const result = await applyPatch({}, p('*** Update File: missing.txt', '@@', '-old', '+new'));
    expect(result.output).toContain('Cannot update missing.txt: no such file');
  });

  it('tool.rs: refuses to move onto an existing file, where Codex overwrites it (deliberate difference)', async () => {
    const result = await applyPatch(
      { 'old/name.txt': 'from\n', 'renamed/dir/name.txt': 'existing\n' },
      p('*** Update File: old/name.txt', '*** Move to: renamed/dir/name.txt', '@@', '-from', '+new'),
    );
    expect(result.output).toContain('Cannot move old/name.txt to renamed/dir/name.txt: renamed/dir/name.txt already exists');
    expect(await result.read('old/name.txt')).toBe('from\n');
    expect(await result.read('renamed/dir/name.txt')).toBe('existing\n');
  });

  it('tool.rs: an Add File section replaces an existing file, and the result says it existed', async () => {
    const result = await applyPatch({ 'duplicate.txt': 'old content\n' }, p('*** Add File: duplicate.txt', '+new content'));
    expect(result.output).toBe('Success. Updated the following files:\nA duplicate.txt (it already existed; its content was replaced)');
    expect(await result.read('duplicate.txt')).toBe('new content\n');
  });

  it('tool.rs: refuses to delete a folder', async () => {
    const result = await applyPatch({ 'dir/foo.txt': 'stable\n' }, p('*** Delete File: dir'));
    expect(result.output).toContain('dir: it is not a regular file');
    expect(await result.read('dir/foo.txt')).toBe('stable\n');
  });

  it('tool.rs: refuses an unknown section header', async () => {
    const result = await applyPatch({}, p('*** Frobnicate File: foo'));
    expect(result.output).toContain('Invalid patch at line 2: unknown header "*** Frobnicate File: foo"');
  });

  it('tool.rs: ends an updated file with a line break', async () => {
    const result = await applyPatch(
      { 'no_newline.txt': 'no newline at end' },
      p('*** Update File: no_newline.txt', '@@', '-no newline at end', '+first line', '+second line'),
    );
    expect(await result.read('no_newline.txt')).toBe('first line\nsecond line\n');
  });

  it('tool.rs: a later failure leaves no earlier change, where Codex keeps them (deliberate difference)', async () => {
    const result = await applyPatch({}, p('*** Add File: created.txt', '+hello', '*** Update File: missing.txt', '@@', '-old', '+new'));
    expect(result.output).toContain('Cannot update missing.txt: no such file');
    expect(await result.files()).toEqual([]);
  });
});
