import path from 'node:path';
import type { TaskEvent } from '../shared/events.js';
import { openStore } from '../electron/store/store.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import { preciseNow } from './clock.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';

const RUNS = 10;
const EVENTS = 1_000;

/**
 * 1,000 events appended in one tick, to their delivery to a subscriber: the
 * event log's flush tick plus one transaction, which is how late a log line
 * reaches the UI at most.
 */
export const eventLogCommit: Benchmark = {
  name: 'event log commit',
  async run(context: BenchContext): Promise<Measurement[]> {
    const store = openStore(path.join(context.tempDir, 'codebay.db'));
    const timings: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        const task = store.tasks.create({ title: `burst ${run}`, prompt: 'burst', mode: 'code', repoPath: context.tempDir });
        const delivered = new Promise<readonly TaskEvent[]>((resolve) => {
          const unsubscribe = store.events.subscribe((batch) => {
            unsubscribe();
            resolve(batch);
          });
        });
        const started = preciseNow();
        for (let i = 0; i < EVENTS; i++) store.events.append(task.id, { type: 'agent.delta', text: `delta ${i} ` });
        const batch = await delivered;
        timings.push(preciseNow() - started);
        if (batch.length !== EVENTS) throw new Error(`${batch.length} events arrived in the first batch, not ${EVENTS}`);
      }
    } finally {
      store.close();
    }
    return [
      {
        name: 'event log, 1,000 appended events to committed and delivered (median)',
        value: median(timings),
        unit: 'ms',
        budget: 250,
        better: 'lower',
        notes: `${spread(timings)}; includes the 50 ms flush tick`,
      },
    ];
  },
};
