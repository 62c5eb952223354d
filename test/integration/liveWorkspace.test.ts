import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMirror, type Mirror } from '../../electron/git/mirror.js';
import { createDocker } from '../../electron/sandbox/docker.js';
import { createSandbox } from '../../electron/sandbox/createSandbox.js';
import type { Sandbox } from '../../electron/sandbox/sandbox.js';
import { prepareWorkspace } from '../../electron/sandbox/workspace.js';
import { LiveDiffStats } from '../../electron/tasks/liveDiffStats.js';
import { LiveWorkspace } from '../../electron/tasks/liveWorkspace.js';
import type { DiffTotals } from '../../electron/git/diff.js';
import { makeRepo, sh, TempDirs } from '../support/gitFixture.js';
import { ensureSandboxImage, removeInstanceContainers, testInstanceId } from './sandboxFixture.js';

const docker = createDocker();
const instanceId = testInstanceId('live-workspace');
const temp = new TempDirs();
const SECRET = 'sk-live-secret-0123456789';
let sandbox: Sandbox;
let mirror: Mirror;
let base: string;

async function inside(script: string): Promise<void> {
  let err = '';
  const result = await sandbox.exec(['sh', '-c', script], { user: 'agent', cwd: '/workspace', onOutput: (stream, text) => void (stream === 'stderr' && (err += text)) });
  expect(result.exitCode, err).toBe(0);
}

beforeAll(async () => {
  const scratch = temp.make('codebay-live-workspace-');
  const repo = makeRepo(temp.make(), { 'calc.py': 'def add(a, b):\n    return a - b\n', 'notes.txt': 'keep\n', '.gitignore': 'build/\n' });
  base = sh(repo, ['rev-parse', 'HEAD']);
  const bundleFile = path.join(scratch, 'in.bundle');
  sh(repo, ['bundle', 'create', '-q', bundleFile, 'main']);
  mirror = await ensureMirror(path.join(scratch, 'data'), repo);
  await mirror.refresh();

  const image = await ensureSandboxImage(docker);
  sandbox = await createSandbox({ docker, image, instanceId, taskId: 'live-workspace-test' });
  await prepareWorkspace(sandbox, bundleFile, base);
});

afterAll(async () => {
  await removeInstanceContainers(docker, instanceId);
  temp.cleanup();
});

describe('a running turn’s workspace, read live (real Docker and git)', () => {
  it('lists what the agent changed, untracked files included and ignored ones not, leaving its index as it was', async () => {
    const live = new LiveWorkspace(sandbox, mirror, base, [SECRET], 'Fix add');
    expect((await live.summary()).files).toEqual([]);

    await inside(`printf 'def add(a, b):\\n    return a + b\\n' > calc.py && mkdir -p pkg build && echo 'x = 1' > pkg/new.py && echo junk > build/out.o && git rm -q --cached notes.txt`);
    const before = await live.summary();
    expect(before.files.map((f) => [f.path, f.status, f.added, f.removed])).toEqual([
      ['calc.py', 'modified', 1, 1],
      ['pkg/new.py', 'added', 1, 0],
    ]);
    expect(before.totals).toEqual({ filesChanged: 2, linesAdded: 2, linesRemoved: 1 });
    // The agent's own staging (notes.txt taken out of its index) is untouched by the reads.
    let staged = '';
    await sandbox.exec(['git', 'status', '--porcelain'], { user: 'agent', cwd: '/workspace', onOutput: (stream, text) => void (stream === 'stdout' && (staged += text)) });
    expect(staged).toContain('D  notes.txt');

    // An edit that keeps the counts still gives another tree, so the Diff tab knows to read again.
    await inside(`printf 'def add(a, b):\\n    return b + a\\n' > calc.py`);
    const after = await live.summary();
    expect(after.totals).toEqual(before.totals);
    expect(after.tree).not.toBe(before.tree);
  });

  it('sees a same-size edit made in the second the index was written (git’s racy-clean case)', async () => {
    const live = new LiveWorkspace(sandbox, mirror, base, [], 'Fix add');
    // The agent may edit a file the moment checkout wrote it: same size, same second, so only the index's own age tells git to look.
    await inside(`for try in 1 2 3 4 5; do
      printf 'v1\n' > racy.txt && git add racy.txt && printf 'v2\n' > racy.txt
      [ "$(stat -c %Y racy.txt)" = "$(stat -c %Y .git/index)" ] && exit 0
      sleep 0.3
    done; exit 1`);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await live.file('racy.txt')).toMatchObject({ original: null, modified: 'v2\n' });
    const racy = (await live.summary()).files.find((f) => f.path === 'racy.txt');
    expect(racy).toMatchObject({ status: 'added', added: 1 });
    await inside('git rm -qf --cached racy.txt && rm racy.txt');
  });

  it('gives both sides of a file: the base from the mirror, the live one from the sandbox', async () => {
    const live = new LiveWorkspace(sandbox, mirror, base, [SECRET], 'Fix add');
    expect(await live.file('calc.py')).toMatchObject({ original: 'def add(a, b):\n    return a - b\n', modified: 'def add(a, b):\n    return b + a\n', binary: false, tooLarge: false });
    expect(await live.file('pkg/new.py')).toMatchObject({ original: null, modified: 'x = 1\n' });
    await inside('rm calc.py');
    expect(await live.file('calc.py')).toMatchObject({ original: 'def add(a, b):\n    return a - b\n', modified: null });
    await inside(`printf 'def add(a, b):\\n    return a + b\\n' > calc.py`);
  });

  it('never shows a file that now holds a secret, in any form, and masks one in a name', async () => {
    const live = new LiveWorkspace(sandbox, mirror, base, [SECRET], 'Fix add');
    const encoded = Buffer.from(SECRET).toString('base64');
    await inside(`echo 'token = "${encoded}"' > leak.py && mkdir -p 'd${SECRET}' && echo hi > 'd${SECRET}/f.txt'`);
    await expect(live.file('leak.py')).rejects.toThrow(/leak\.py in the workspace of “Fix add” now holds the value of a secret, so it is not shown/);
    const paths = (await live.summary()).files.map((f) => f.path);
    expect(paths).toContain('d••••••/f.txt');
    expect(paths.join('\n')).not.toContain(SECRET);
    await inside(`rm -r leak.py 'd${SECRET}'`);
  });

  it('refuses paths that are not plain workspace paths, before touching the sandbox', async () => {
    const live = new LiveWorkspace(sandbox, mirror, base, [], 'Fix add');
    for (const bad of ['../etc/passwd', 'a/../../x', './calc.py', 'a//b']) {
      expect(() => live.file(bad)).toThrow(/is not a path inside the workspace of “Fix add”/);
    }
  });

  it('counts +/− after edits settle, and stops reading once closed for the commit, its last list standing', async () => {
    const live = new LiveWorkspace(sandbox, mirror, base, [], 'Fix add');
    const reported: DiffTotals[] = [];
    const stats = new LiveDiffStats(live, (totals) => reported.push(totals));
    stats.poke();
    await expect.poll(() => reported.length, { timeout: 15_000 }).toBe(1);
    expect(reported[0]).toEqual({ filesChanged: 2, linesAdded: 2, linesRemoved: 1 });
    await stats.stop();

    const reading = live.summary();
    await live.close();
    // A read under way when the turn ends finishes; the list stands (it is what the turn commits), a file is no longer read.
    await expect(reading).resolves.toMatchObject({ totals: { filesChanged: 2 } });
    await inside('echo late > late.txt');
    await expect(live.summary()).resolves.toMatchObject({ totals: { filesChanged: 2 } });
    await expect(live.file('calc.py')).rejects.toThrow(/The turn of “Fix add” is ending, so its workspace is no longer read live/);
    await inside('rm late.txt');
  });
});
