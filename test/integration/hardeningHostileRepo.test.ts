import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { eventsOf } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { commitAll, makeRepo, sh, write } from '../support/gitFixture.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

const HOST_ONLY = `HOST-ONLY-${randomBytes(8).toString('hex')}`;
const NEWLINE_NAME = 'new\nline.txt';
const UNICODE_NAME = 'ünïcødé/日本語 ファイル.txt';
const ADDED_NAME = 'added\ttab and\nnewline ünï.txt';
const BIG = 4 * 1024 * 1024;

/** Every entry of a work tree outside .git: symlinks by target, files by content and mode. */
function workTreeDigest(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (dir === root && name === '.git') continue;
      const full = path.join(dir, name);
      const info = lstatSync(full);
      hash.update(`${path.relative(root, full)}\0${info.mode}\0`);
      if (info.isSymbolicLink()) hash.update(readlinkSync(full));
      else if (info.isDirectory()) walk(full);
      else hash.update(readFileSync(full));
    }
  };
  walk(root);
  return hash.digest('hex');
}

/** What the user's repository looks like to them, read without running git in it. */
function untouchedState(repo: string): Record<string, string> {
  const file = (relative: string): string => createHash('sha256').update(readFileSync(path.join(repo, '.git', relative))).digest('hex');
  return { head: readFileSync(path.join(repo, '.git', 'HEAD'), 'utf8'), index: file('index'), config: file('config'), tree: workTreeDigest(repo) };
}

const CHANGE_SCRIPT = [
  'set -e',
  "printf 'more\\n' >> 'name with spaces.txt'",
  "printf 'changed\\n' > $'new\\nline.txt'",
  "printf 'ja\\n' >> 'ünïcødé/日本語 ファイル.txt'",
  "printf 'fresh\\n' > $'added\\ttab and\\nnewline ünï.txt'",
  'head -c 1048576 /dev/urandom >> big.bin',
  'ln -sfn README.md passwd-link',
  "rm -- '-leading-dash.txt'",
].join('\n');

describe('a hostile repository: odd names, symlinks out, big binaries, filters in .gitattributes (real Docker)', () => {
  const engine = useEngine(
    byPrompt(() => [
      shell(['bash', '-c', 'ls -la; cat host-secret-link; cat escape-link; head -1 passwd-link; git status --short | head -5']),
      shell(['bash', '-c', CHANGE_SCRIPT]),
      patch(['*** Begin Patch', '*** Update File: host-secret-link', '@@', '-whatever it holds', '+overwritten', '*** End Patch'].join('\n')),
      patch(['*** Begin Patch', '*** Add File: etc-dir/codebay-escape', '+written outside', '*** End Patch'].join('\n')),
      answer('Changed the odd files.'),
    ]),
  );
  let repo: string;
  let outside: string;
  let marker: string;
  let task: Task;
  let before: Record<string, string>;

  beforeAll(async () => {
    outside = engine.dirs.make('codebay-outside-');
    writeFileSync(path.join(outside, 'host-secret.txt'), `${HOST_ONLY}\n`);
    marker = path.join(engine.dirs.make('codebay-marker-'), 'host-command-ran');
    repo = makeRepo(engine.dirs.make(), {
      'README.md': '# hostile\n',
      'name with spaces.txt': 'spaces\n',
      [NEWLINE_NAME]: 'newline\n',
      [UNICODE_NAME]: 'unicode\n',
      '-leading-dash.txt': 'dash\n',
      '*.glob': 'a glob for a name\n',
      'big.bin': randomBytes(BIG),
      '.gitattributes': '* filter=evil diff=evil\n',
    });
    symlinkSync(path.join(outside, 'host-secret.txt'), path.join(repo, 'host-secret-link'));
    symlinkSync('/etc/passwd', path.join(repo, 'passwd-link'));
    symlinkSync('../../outside-relative', path.join(repo, 'escape-link'));
    symlinkSync('/etc', path.join(repo, 'etc-dir'));
    commitAll(repo, 'hostile content');
    // Only now, so the fixture's own commit ran none of them: every one would leave the marker.
    const run = `sh -c 'echo ran >> ${marker}; cat'`;
    for (const [key, value] of [
      ['filter.evil.clean', run],
      ['filter.evil.smudge', run],
      ['filter.evil.required', 'false'],
      ['diff.evil.textconv', `sh -c 'echo ran >> ${marker}; cat "$1"' textconv`],
      ['diff.evil.command', `sh -c 'echo ran >> ${marker}'`],
      ['core.fsmonitor', `sh -c 'echo ran >> ${marker}'`],
    ]) {
      sh(repo, ['config', key ?? '', value ?? '']);
    }
    before = untouchedState(repo);

    const environment = await engine.app.environments.forRepo(repo);
    [task] = (await engine.app.tasks.create({ prompt: 'touch the odd files', mode: 'code', environment })) as [Task];
    task = await waitForTask(engine.app, task.id);
  });

  it('runs the task to the end, with the escapes refused inside the sandbox', () => {
    expect(task.status, task.error ?? '').toBe('succeeded');
    const events = eventsOf(engine.app, task.id);
    const patches = events.filter((e) => e.type === 'patch.applied');
    expect(patches.map((e) => (e.type === 'patch.applied' ? e.ok : null))).toEqual([false, false]);
    expect(patches[0]).toMatchObject({ error: expect.stringMatching(/no such file/i) });
    const output = events.map((e) => (e.type === 'exec.output' ? e.text : '')).join('');
    expect(output).toMatch(/host-secret-link: No such file or directory/);
    expect(output).toMatch(/escape-link: No such file or directory/);
  });

  it('counts every change under its exact name', async () => {
    const stats = await engine.app.results.stats(task.id);
    const byPath = Object.fromEntries(stats.files.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual(['-leading-dash.txt', ADDED_NAME, 'big.bin', 'name with spaces.txt', NEWLINE_NAME, 'passwd-link', UNICODE_NAME].sort());
    expect(byPath['big.bin']).toMatchObject({ status: 'modified', binary: true });
    expect(byPath['-leading-dash.txt']).toMatchObject({ status: 'deleted', removed: 1 });
    expect(byPath[ADDED_NAME]).toMatchObject({ status: 'added', added: 1 });
  });

  it('shows both sides of oddly named, binary and symlink files', async () => {
    expect(await engine.app.results.file(task.id, NEWLINE_NAME, undefined)).toMatchObject({ original: 'newline\n', modified: 'changed\n', binary: false });
    expect(await engine.app.results.file(task.id, UNICODE_NAME, undefined)).toMatchObject({ original: 'unicode\n', modified: 'unicode\nja\n' });
    expect(await engine.app.results.file(task.id, 'big.bin', undefined)).toMatchObject({ binary: true, original: null, modified: null, originalBytes: BIG, modifiedBytes: BIG + 1024 * 1024 });
    expect(await engine.app.results.file(task.id, 'passwd-link', undefined)).toMatchObject({ original: '/etc/passwd', modified: 'README.md' });
  });

  it('exports a patch that git apply takes on a fresh clone, and an mbox git am takes, both giving the result tree', async () => {
    const branch = await engine.app.results.branch(task.id, 'hostile/result');
    const resultTree = sh(repo, ['rev-parse', `${branch.commit}^{tree}`]);

    const clone = engine.dirs.make();
    sh(clone, ['clone', '--quiet', repo, clone]);
    const patchFile = path.join(engine.dirs.make(), 'task.patch');
    writeFileSync(patchFile, await engine.app.results.exportPatch(task.id, 'patch'));
    sh(clone, ['apply', '--index', patchFile]);
    expect(sh(clone, ['write-tree'])).toBe(resultTree);
    expect(readlinkSync(path.join(clone, 'passwd-link'))).toBe('README.md');
    expect(readFileSync(path.join(clone, ADDED_NAME), 'utf8')).toBe('fresh\n');

    const amClone = engine.dirs.make();
    sh(amClone, ['clone', '--quiet', repo, amClone]);
    const mboxFile = path.join(engine.dirs.make(), 'task.mbox');
    writeFileSync(mboxFile, await engine.app.results.exportPatch(task.id, 'mbox'));
    sh(amClone, ['am', '--quiet', mboxFile]);
    expect(sh(amClone, ['rev-parse', 'HEAD^{tree}'])).toBe(resultTree);
  });

  it('created the branch without touching the user\'s work tree, index, HEAD or config', () => {
    expect(sh(repo, ['rev-parse', '--verify', 'refs/heads/hostile/result'])).toMatch(/^[0-9a-f]{40}$/);
    expect(untouchedState(repo)).toEqual(before);
  });

  it('never ran the repository\'s filter, textconv, diff or fsmonitor commands on the host', () => {
    expect(existsSync(marker)).toBe(false);
    // The trap is live: git's own porcelain in the user's repository springs it.
    sh(repo, ['status', '--porcelain']);
    expect(existsSync(marker)).toBe(true);
  });

  it('never read the file a committed symlink points to outside the repository', async () => {
    const seen = [
      JSON.stringify(eventsOf(engine.app, task.id)),
      (await engine.app.results.diff(task.id)).toString('latin1'),
      (await engine.app.results.exportPatch(task.id, 'patch')).toString('latin1'),
      (await engine.app.results.exportPatch(task.id, 'mbox')).toString('latin1'),
      JSON.stringify(engine.model.requests.map((r) => r.body)),
    ];
    for (const text of seen) expect(text).not.toContain(HOST_ONLY);
    expect(readFileSync(path.join(outside, 'host-secret.txt'), 'utf8')).toBe(`${HOST_ONLY}\n`);
    expect(readdirSync(outside)).toEqual(['host-secret.txt']);
    expect(existsSync('/etc/codebay-escape')).toBe(false);
    write(outside, 'probe.txt', 'the outside folder is writable, so the checks above could have failed\n');
  });
});
