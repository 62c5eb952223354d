import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureMirror } from '../electron/git/mirror.js';
import { makeRepo } from '../test/support/gitFixture.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import { preciseNow } from './clock.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';

const RUNS = 20;

/**
 * A mirror refresh when nothing in the user's repository moved: every task
 * start pays it, so the skip must stay cheap.
 */
export const gitMirrorRefresh: Benchmark = {
  name: 'git mirror refresh',
  async run(context: BenchContext): Promise<Measurement[]> {
    const repo = path.join(context.tempDir, 'repo');
    mkdirSync(repo);
    makeRepo(repo);
    const mirror = await ensureMirror(path.join(context.tempDir, 'data'), repo);
    await mirror.refresh();
    const timings: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = preciseNow();
      const result = await mirror.refresh();
      timings.push(preciseNow() - started);
      if (result.fetched) throw new Error(`refresh ${run + 1} fetched though nothing moved`);
    }
    return [
      {
        name: 'git mirror refresh, nothing moved (median)',
        value: median(timings),
        unit: 'ms',
        budget: 100,
        better: 'lower',
        notes: spread(timings),
      },
    ];
  },
};
