import type { Benchmark, BenchContext } from './benchmark.js';
import { preciseNow } from './clock.js';
import { startBenchEngine } from './fixtures/engine.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';
import { makeCalcRepo } from '../test/support/calcRepo.js';
import { waitForOutput, waitForTask } from '../test/support/taskWait.js';
import { answer, byPrompt, shell } from '../test/support/scripts.js';

const RUNS = 5;

/**
 * From cancelling a task whose command runs (a 600 s sleep) to the task being
 * cancelled and let go, its sandbox removed: how long a user waits after
 * pressing cancel.
 */
export const taskCancel: Benchmark = {
  name: 'task cancel',
  async run(context: BenchContext): Promise<Measurement[]> {
    const repo = makeCalcRepo(context.tempDir);
    const engine = await startBenchEngine(repo, byPrompt(() => [shell(['bash', '-c', 'echo started; sleep 600']), answer('never')]));
    const timings: number[] = [];
    try {
      for (let run = 1; run <= RUNS; run++) {
        const [task] = await engine.app.tasks.create({ prompt: `cancel run ${run}`, mode: 'code', environment: engine.environment });
        if (!task) throw new Error('tasks.create returned no task');
        await waitForOutput(engine.app, task.id, 'started');
        const started = preciseNow();
        engine.app.tasks.cancel(task.id);
        const done = await waitForTask(engine.app, task.id, 60_000);
        timings.push(preciseNow() - started);
        if (done.status !== 'cancelled') throw new Error(`cancel run ${run} ended ${done.status}: ${done.error ?? ''}`);
      }
    } finally {
      await engine.close();
    }
    context.log(`cancels (ms): ${timings.map((ms) => ms.toFixed(0)).join(', ')}`);
    return [
      {
        name: 'task cancel during a command, to cancelled and released (median)',
        value: median(timings),
        unit: 'ms',
        budget: 2_000,
        better: 'lower',
        notes: `${spread(timings, 0)}; includes killing the command and removing the sandbox`,
      },
    ];
  },
};
