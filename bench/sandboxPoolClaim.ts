import { randomBytes } from 'node:crypto';
import { createDocker } from '../electron/sandbox/docker.js';
import { SandboxPool } from '../electron/sandbox/pool.js';
import { requireSandboxImage } from '../test/support/docker.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import { preciseNow } from './clock.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';

const RUNS = 8;
/** The limits a task with its own environment settings brings, so the claim applies them as it would. */
const LIMITS = { memoryBytes: 1024 ** 3, cpus: 1.5, pids: 300 };

/**
 * Claiming a started, idle pool sandbox for a task: renaming it, relabelling it
 * and applying the task's limits. The pool refills between claims, so each one
 * is a warm claim.
 */
export const sandboxPoolClaim: Benchmark = {
  name: 'sandbox pool claim',
  async run(context: BenchContext): Promise<Measurement[]> {
    const { tag } = await requireSandboxImage();
    const pool = new SandboxPool({ docker: createDocker(), image: tag, instanceId: randomBytes(6).toString('hex'), size: 1 });
    const claims: number[] = [];
    try {
      for (let run = 1; run <= RUNS; run++) {
        await pool.fill();
        if (pool.idleCount !== 1) throw new Error(`the pool holds ${pool.idleCount} idle sandboxes before claim ${run}, not 1`);
        const started = preciseNow();
        const sandbox = await pool.claim(`bench-claim-${run}`, LIMITS);
        claims.push(preciseNow() - started);
        await sandbox.remove();
      }
    } finally {
      await pool.close();
    }
    context.log(`warm claims (ms): ${claims.map((ms) => ms.toFixed(0)).join(', ')}`);
    return [
      {
        name: 'sandbox pool, warm claim (median)',
        value: median(claims),
        unit: 'ms',
        budget: 1_000,
        better: 'lower',
        notes: `${spread(claims, 0)}; with memory, CPU and pids limits applied`,
      },
    ];
  },
};
