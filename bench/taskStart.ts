import type { Benchmark, BenchContext } from './benchmark.js';
import { preciseNow } from './clock.js';
import { BIG_REPO, makeBigRepo } from './fixtures/bigRepo.js';
import { startBenchEngine, waitForQuietPool, type BenchEngine } from './fixtures/engine.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';
import { eventsOf } from '../test/support/engine.js';
import { waitForTask } from '../test/support/taskWait.js';
import { answer, byPrompt, firstRequestFor } from '../test/support/scripts.js';

const RUNS = 12;
const WARM_POOL_SIZE = 1;

/** Where one task start spent its time, in ms. */
interface StartSample {
  total: number;
  /** tasks.create itself: repo checks, mirror refresh, rows. */
  create: number;
  /** From the create call to the runner's `preparing` (the scheduler starts the run inside create). */
  queued: number;
  /** `preparing` to the first model request: AGENTS.md from the mirror, instructions, request. */
  agent: number;
  /** From tasks.create to the workspace being ready for commands (sandbox, bundle, copy-in, clone, network cut), which the first request does not wait for. */
  workspace: number;
}

async function startOnce(engine: BenchEngine, poolSize: number, prompt: string): Promise<StartSample> {
  const { app, model, environment } = engine;
  await waitForQuietPool(app, poolSize);
  const started = preciseNow();
  const [task] = await app.tasks.create({ prompt, mode: 'code', environment });
  const created = preciseNow();
  if (!task) throw new Error('tasks.create returned no task');
  const finished = await waitForTask(app, task.id);
  if (finished.status !== 'succeeded') throw new Error(`task start run "${prompt}" ended ${finished.status}: ${finished.error ?? ''}`);
  const request = firstRequestFor(model.requests, prompt);
  const events = eventsOf(app, task.id);
  const statusAt = (status: string): number => {
    const event = events.find((e) => e.type === 'task.status' && e.status === status);
    if (!event) throw new Error(`task ${task.id} logged no ${status} status`);
    return event.ts;
  };
  const preparing = statusAt('preparing');
  const ready = events.find((e) => e.type === 'workspace.ready');
  if (!ready) throw new Error(`task ${task.id} logged no workspace.ready`);
  return {
    total: request.receivedAt - started,
    create: created - started,
    queued: preparing - started,
    agent: request.receivedAt - preparing,
    workspace: ready.ts - started,
  };
}

function breakdown(samples: readonly StartSample[]): string {
  const part = (key: keyof StartSample): string => `${key} ${median(samples.map((s) => s[key])).toFixed(0)}`;
  return `median parts (ms): ${part('create')} (runner began preparing at ${median(samples.map((s) => s.queued)).toFixed(0)}), ${part('agent')}; meanwhile the workspace was ready at ${median(samples.map((s) => s.workspace)).toFixed(0)}`;
}

/**
 * From tasks.create to the model's first request, on a 20 MB / 2,000-file repo:
 * with a warm pool, and with none (every sandbox created cold). Runs alternate
 * between the two engines so machine noise hits both alike.
 */
export const taskStart: Benchmark = {
  name: 'task start',
  async run(context: BenchContext): Promise<Measurement[]> {
    const repo = makeBigRepo(context.tempDir);
    const script = byPrompt(() => [answer('Started.')]);
    // The engine started last reaps containers of earlier instances in this process, so the one with a pool comes last.
    const cold = await startBenchEngine(repo, script, { poolSize: 0, keptSandboxes: 0 });
    const warm = await startBenchEngine(repo, script, { poolSize: WARM_POOL_SIZE, keptSandboxes: 0 });
    try {
      // The first task of an engine creates its mirror and fetches the whole repository.
      const firstWarm = await startOnce(warm, WARM_POOL_SIZE, 'first task, warm engine');
      const firstCold = await startOnce(cold, 0, 'first task, cold engine');
      context.log(`first task (mirror created): warm pool ${firstWarm.total.toFixed(0)} ms, no pool ${firstCold.total.toFixed(0)} ms`);
      const warmSamples: StartSample[] = [];
      const coldSamples: StartSample[] = [];
      for (let run = 1; run <= RUNS; run++) {
        warmSamples.push(await startOnce(warm, WARM_POOL_SIZE, `start run ${run}, warm pool`));
        coldSamples.push(await startOnce(cold, 0, `start run ${run}, no pool`));
        context.log(`run ${run}: warm ${warmSamples.at(-1)?.total.toFixed(0)} ms, cold ${coldSamples.at(-1)?.total.toFixed(0)} ms`);
      }
      const warmTotals = warmSamples.map((s) => s.total);
      const coldTotals = coldSamples.map((s) => s.total);
      const shape = `${BIG_REPO.files} files, ${BIG_REPO.totalBytes / 2 ** 20} MiB`;
      return [
        {
          name: 'task start, warm pool (median)',
          value: median(warmTotals),
          unit: 'ms',
          budget: 400,
          better: 'lower',
          notes: `${shape}; ${spread(warmTotals, 0)}; ${breakdown(warmSamples)}; first task with mirror creation ${firstWarm.total.toFixed(0)} ms`,
        },
        {
          name: 'task start, no pool (median)',
          value: median(coldTotals),
          unit: 'ms',
          budget: null,
          better: 'lower',
          notes: `${spread(coldTotals, 0)}; ${breakdown(coldSamples)}`,
        },
        {
          name: 'task start, no pool / warm pool',
          value: median(coldTotals) / median(warmTotals),
          unit: 'x',
          budget: null,
          better: 'higher',
          notes: 'the first model request does not wait for the sandbox, so the pool barely matters here; it does for the workspace, below',
        },
        {
          name: 'task start to workspace ready, warm pool (median)',
          value: median(warmSamples.map((s) => s.workspace)),
          unit: 'ms',
          budget: null,
          better: 'lower',
          notes: `${spread(warmSamples.map((s) => s.workspace), 0)}; when the agent's first command can run`,
        },
        {
          name: 'task start to workspace ready, no pool / warm pool',
          value: median(coldSamples.map((s) => s.workspace)) / median(warmSamples.map((s) => s.workspace)),
          unit: 'x',
          budget: null,
          better: 'higher',
          notes: `no pool: median ${median(coldSamples.map((s) => s.workspace)).toFixed(0)} ms`,
        },
      ];
    } finally {
      await cold.close();
      await warm.close();
    }
  },
};
