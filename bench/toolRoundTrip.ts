import type { Benchmark, BenchContext } from './benchmark.js';
import { startBenchEngine } from './fixtures/engine.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';
import { makeCalcRepo } from '../test/support/calcRepo.js';
import { eventsOf } from '../test/support/engine.js';
import { waitForTask } from '../test/support/taskWait.js';
import { answer, byPrompt, shell } from '../test/support/scripts.js';

const TASKS = 2;
const CALLS_PER_TASK = 15;

/** One round trip cut at the exec.begin and exec.end events (whose clock has ms resolution). */
interface RoundTripParts {
  toExec: number;
  exec: number;
  toRequest: number;
}

function partMedian(parts: readonly RoundTripParts[], key: keyof RoundTripParts): string {
  return median(parts.map((p) => p[key])).toFixed(0);
}

/**
 * The engine's share of one agent step: from the end of a model response asking
 * for shell `true` to the arrival of the next model request (SSE parse, the
 * command through the sandbox's command runner, events, the next request's body).
 * Each task's first call also waits for its workspace, as the agent started before it was ready.
 */
export const toolRoundTrip: Benchmark = {
  name: 'tool round trip',
  async run(context: BenchContext): Promise<Measurement[]> {
    const repo = makeCalcRepo(context.tempDir);
    const plan = [...Array.from({ length: CALLS_PER_TASK }, () => shell(['true'])), answer('Ran `true` repeatedly.')];
    const engine = await startBenchEngine(repo, byPrompt(() => plan), { concurrency: 1 });
    try {
      const samples: number[] = [];
      const parts: RoundTripParts[] = [];
      for (let task = 1; task <= TASKS; task++) {
        const first = engine.model.requests.length;
        const [created] = await engine.app.tasks.create({ prompt: `round trips ${task}`, mode: 'code', environment: engine.environment });
        if (!created) throw new Error('tasks.create returned no task');
        const finished = await waitForTask(engine.app, created.id);
        if (finished.status !== 'succeeded') throw new Error(`round-trip task ${task} ended ${finished.status}: ${finished.error ?? ''}`);
        const requests = engine.model.requests.slice(first).filter((r) => r.body !== undefined);
        if (requests.length !== CALLS_PER_TASK + 1) throw new Error(`expected ${CALLS_PER_TASK + 1} model requests for task ${task}, got ${requests.length}`);
        const events = eventsOf(engine.app, created.id);
        const begins = events.filter((e) => e.type === 'exec.begin');
        const ends = events.filter((e) => e.type === 'exec.end');
        for (let i = 0; i < CALLS_PER_TASK; i++) {
          const [response, next, begin, end] = [requests[i], requests[i + 1], begins[i], ends[i]];
          if (!response?.finishedAt || !next) throw new Error(`model request ${i + 1} of task ${task} has no finish time`);
          if (!begin || !end) throw new Error(`task ${task} logged no exec.begin/exec.end for tool call ${i + 1}`);
          samples.push(next.receivedAt - response.finishedAt);
          parts.push({ toExec: begin.ts - response.finishedAt, exec: end.ts - begin.ts, toRequest: next.receivedAt - end.ts });
        }
      }
      context.log(`samples (ms): ${samples.map((s) => s.toFixed(0)).join(' ')}`);
      return [
        {
          name: 'tool round trip, shell `true` (median)',
          value: median(samples),
          unit: 'ms',
          budget: 80,
          better: 'lower',
          notes: `${spread(samples)}; median parts (ms): response end → exec.begin ${partMedian(parts, 'toExec')}, command ${partMedian(parts, 'exec')}, exec.end → next request ${partMedian(parts, 'toRequest')}`,
        },
      ];
    } finally {
      await engine.close();
    }
  },
};
