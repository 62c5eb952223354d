import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureMirror } from '../electron/git/mirror.js';
import { createSandbox } from '../electron/sandbox/createSandbox.js';
import type { Sandbox } from '../electron/sandbox/sandbox.js';
import { prepareWorkspace } from '../electron/sandbox/workspace.js';
import { LiveWorkspace } from '../electron/tasks/liveWorkspace.js';
import { sh } from '../test/support/gitFixture.js';
import { requireSandboxImage } from '../test/support/docker.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import { preciseNow } from './clock.js';
import { BIG_REPO, makeBigRepo } from './fixtures/bigRepo.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';

const RUNS = 8;
/** Files the agent has edited when the Diff tab reads its workspace: a big turn's worth. */
const EDITED_FILES = 50;

/**
 * What the Diff tab waits for while a turn runs, on the 2,000-file, 20 MiB repository with
 * 50 files edited in the sandbox: the list of changed files (staging the whole workspace in a
 * copy of the agent's index, then diffing it against the base) and one file's two sides. Each
 * run edits the files again first, so git hashes them anew, as after a real edit.
 */
export const liveWorkspaceRead: Benchmark = {
  name: 'live workspace read',
  async run(context: BenchContext): Promise<Measurement[]> {
    const { docker, tag } = await requireSandboxImage();
    const repo = path.join(context.tempDir, 'repo');
    mkdirSync(repo);
    makeBigRepo(repo);
    const base = sh(repo, ['rev-parse', 'HEAD']);
    const bundle = path.join(context.tempDir, 'in.bundle');
    sh(repo, ['bundle', 'create', '-q', bundle, 'main']);
    const mirror = await ensureMirror(path.join(context.tempDir, 'data'), repo);
    await mirror.refresh();
    const sandbox: Sandbox = await createSandbox({ docker, image: tag, instanceId: `bench-live-${randomBytes(4).toString('hex')}`, taskId: 'bench-live' });
    const lists: number[] = [];
    const files: number[] = [];
    try {
      await prepareWorkspace(sandbox, bundle, base);
      const live = new LiveWorkspace(sandbox, mirror, base, ['sk-bench-secret-0123456789'], 'bench');
      const edited = 'src/module000/file00.ts';
      for (let run = 1; run <= RUNS; run++) {
        const edit = await sandbox.exec(['sh', '-c', `for f in $(ls src/*/file0[0-4].ts | head -${EDITED_FILES}); do echo "// edit ${run}" >> "$f"; done`], { user: 'agent', cwd: '/workspace' });
        if (edit.exitCode !== 0) throw new Error(`editing the workspace failed with exit code ${edit.exitCode}`);
        const listed = preciseNow();
        const summary = await live.summary();
        lists.push(preciseNow() - listed);
        if (summary.files.length !== EDITED_FILES) throw new Error(`the live list named ${summary.files.length} files, not the ${EDITED_FILES} edited`);
        const read = preciseNow();
        const versions = await live.file(edited);
        files.push(preciseNow() - read);
        if (!versions.modified?.endsWith(`// edit ${run}\n`)) throw new Error(`the live side of ${edited} does not hold edit ${run}`);
      }
    } finally {
      await sandbox.remove();
    }
    context.log(`lists (ms): ${lists.map((ms) => ms.toFixed(0)).join(', ')}; files (ms): ${files.map((ms) => ms.toFixed(0)).join(', ')}`);
    const shape = `${BIG_REPO.files} files, ${BIG_REPO.totalBytes / 2 ** 20} MiB, ${EDITED_FILES} edited`;
    return [
      { name: 'live workspace, changed files listed (median)', value: median(lists), unit: 'ms', budget: 1_000, better: 'lower', notes: `${spread(lists, 0)}; ${shape}` },
      { name: 'live workspace, one file’s two sides (median)', value: median(files), unit: 'ms', budget: 500, better: 'lower', notes: `${spread(files, 0)}; a ~10 KiB file of the same repository` },
    ];
  },
};
