import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createBundle } from '../electron/git/bundle.js';
import { BundleCache } from '../electron/git/bundleCache.js';
import { ensureMirror } from '../electron/git/mirror.js';
import { git } from '../electron/git/run.js';
import { createDocker } from '../electron/sandbox/docker.js';
import { SandboxPool } from '../electron/sandbox/pool.js';
import { prepareWorkspace } from '../electron/sandbox/workspace.js';
import { requireSandboxImage } from '../test/support/docker.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import { preciseNow } from './clock.js';
import { makeBigRepo } from './fixtures/bigRepo.js';
import type { Measurement } from './result.js';
import { median } from './stats.js';

const RUNS = 8;

/** The runner's preparation steps, in its order, each timed on its own. */
const STEPS = ['mirror refresh', 'ensure commit', 'bundle create', 'bundle cache hit', 'pool claim', 'copy-in alone', 'copy-in + chown + clone', 'network disconnect'] as const;
type Step = (typeof STEPS)[number];
/** Measured for scale but not on a warm start's path: a cache miss only, and a part of the clone step. */
const OFF_PATH: readonly Step[] = ['bundle create', 'copy-in alone'];

/**
 * Where a warm task start spends its time: the runner's preparation replayed step
 * by step with the engine's own functions on the 20 MB repository. Reported, not budgeted.
 */
export const taskStartBreakdown: Benchmark = {
  name: 'task start breakdown',
  async run(context: BenchContext): Promise<Measurement[]> {
    const { tag } = await requireSandboxImage();
    const repo = makeBigRepo(path.join(context.tempDir));
    const dataDir = await mkdtemp(path.join(context.tempDir, 'data-'));
    const mirror = await ensureMirror(dataDir, repo);
    await mirror.refresh();
    const commit = await git(['rev-parse', 'HEAD'], { cwd: repo });
    const docker = createDocker();
    const bundles = new BundleCache(path.join(dataDir, 'bundles'));
    await bundles.bundleOf(mirror, commit, 'codebay');
    const pool = new SandboxPool({ docker, image: tag, instanceId: randomBytes(6).toString('hex'), size: 1 });
    const times = new Map<Step, number[]>(STEPS.map((s) => [s, []]));
    const time = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
      const started = preciseNow();
      const value = await work();
      times.get(step)?.push(preciseNow() - started);
      return value;
    };
    let bundleBytes = 0;
    try {
      for (let run = 1; run <= RUNS; run++) {
        await pool.fill();
        await time('mirror refresh', () => mirror.refresh());
        await time('ensure commit', () => mirror.ensureCommit(commit));
        const scratch = await mkdtemp(path.join(context.tempDir, 'bundle-'));
        const bundle = await time('bundle create', () => createBundle(mirror, { commit, file: path.join(scratch, 'in.bundle'), branch: 'codebay' }));
        bundleBytes = (await stat(bundle.file)).size;
        const cached = await time('bundle cache hit', () => bundles.bundleOf(mirror, commit, 'codebay'));
        const sandbox = await time('pool claim', () => pool.claim(`bench-breakdown-${run}`));
        try {
          await time('copy-in alone', () => sandbox.copyBundleIn(bundle.file, '/tmp/probe.bundle', 'agent'));
          await sandbox.exec(['rm', '-f', '/tmp/probe.bundle'], { user: 'root' });
          await time('copy-in + chown + clone', () => prepareWorkspace(sandbox, cached, commit, { branch: 'codebay' }));
          await time('network disconnect', () => sandbox.disconnectNetwork());
        } finally {
          await sandbox.remove();
          await rm(scratch, { recursive: true, force: true });
        }
      }
    } finally {
      await pool.close();
    }
    const medians = STEPS.map((step) => [step, median(times.get(step) ?? [])] as const);
    const total = medians.filter(([step]) => !OFF_PATH.includes(step)).reduce((sum, [, ms]) => sum + ms, 0);
    context.log(`bundle ${(bundleBytes / 2 ** 20).toFixed(1)} MiB; median per step (ms): ${medians.map(([s, ms]) => `${s} ${ms.toFixed(0)}`).join(', ')}`);
    return [
      ...medians.map(([step, ms]) => ({
        name: `task start step: ${step}`,
        value: ms,
        unit: 'ms',
        budget: null,
        better: 'lower' as const,
        ...(step === 'bundle create' ? { notes: `bundle of the full history, ${(bundleBytes / 2 ** 20).toFixed(1)} MiB; only on a cache miss (first task from a commit)` } : {}),
      })),
      { name: 'task start steps, sum', value: total, unit: 'ms', budget: null, better: 'lower', notes: `median of ${RUNS} replays, one after another; the runner cuts the network while the workspace fills, so a start takes less` },
    ];
  },
};
