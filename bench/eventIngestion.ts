import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventBody, TaskEvent } from '../shared/events.js';
import { openStore } from '../electron/store/store.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import { preciseNow } from './clock.js';
import { startLoopLagProbe } from './probes/loopLag.js';
import type { Measurement } from './result.js';

const TASKS = 20;
const EVENTS_PER_TASK = 5_000;
/** Events a task appends before yielding, like one chunk of a command's output. */
const BURST = 20;

/** What a busy task logs: mostly command output, with the begin/end of each command and agent text. */
function bodyFor(index: number): EventBody {
  const callId = `call_${Math.floor(index / 50)}`;
  switch (index % 50) {
    case 0:
      return { type: 'exec.begin', callId, command: ['npm', 'test'], cwd: '/workspace' };
    case 49:
      return { type: 'exec.end', callId, exitCode: 0, durationMs: 1234, timedOut: false };
    case 25:
      return { type: 'agent.delta', text: 'Looking at the failing assertion next. ' };
    default:
      return { type: 'exec.output', callId, stream: 'stdout', text: `  ✓ test case ${index} passes in ${index % 97} ms (suite ${callId})\n` };
  }
}

async function produce(append: (body: EventBody) => void): Promise<void> {
  for (let index = 0; index < EVENTS_PER_TASK; index += BURST) {
    for (let i = index; i < Math.min(index + BURST, EVENTS_PER_TASK); i++) append(bodyFor(i));
    await nextTurn();
  }
}

/**
 * 20 tasks append 100,000 events in all, as fast as they can, through the real
 * EventLog of an opened store with one subscriber: the rate at which they are
 * committed and delivered, and the longest the event loop was blocked meanwhile.
 */
export const eventIngestion: Benchmark = {
  name: 'event ingestion',
  async run(context: BenchContext): Promise<Measurement[]> {
    const store = openStore(path.join(context.tempDir, 'codebay.db'));
    try {
      const tasks = Array.from({ length: TASKS }, (_, i) => store.tasks.create({ title: `flood ${i}`, prompt: 'flood', mode: 'code', repoPath: context.tempDir }));
      const total = TASKS * EVENTS_PER_TASK;
      const lastSeq = new Map<string, number>();
      let delivered = 0;
      let outOfOrder = 0;
      let largestBatch = 0;
      let lastDeliveryAt = 0;
      let allDelivered: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (allDelivered = resolve));
      store.events.subscribe((batch: readonly TaskEvent[]) => {
        largestBatch = Math.max(largestBatch, batch.length);
        for (const event of batch) {
          if (event.seq !== (lastSeq.get(event.taskId) ?? 0) + 1) outOfOrder += 1;
          lastSeq.set(event.taskId, event.seq);
        }
        delivered += batch.length;
        lastDeliveryAt = preciseNow();
        if (delivered >= total) allDelivered();
      });

      const lag = startLoopLagProbe();
      const cpuBefore = process.cpuUsage();
      const started = preciseNow();
      await Promise.all(tasks.map((task) => produce((body) => void store.events.append(task.id, body))));
      const appendedAt = preciseNow();
      await done;
      const { maxMs, p99Ms } = lag.stop();
      const cpu = process.cpuUsage(cpuBefore);
      const cpuShare = (cpu.user + cpu.system) / 1000 / (lastDeliveryAt - started);

      const seconds = (lastDeliveryAt - started) / 1000;
      const stored = store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
      if (stored.n !== total) throw new Error(`${stored.n} events were stored, not ${total}`);
      if (outOfOrder > 0) throw new Error(`${outOfOrder} events reached the subscriber out of seq order`);
      const { flushes } = store.events.stats;
      context.log(`${total} events in ${seconds.toFixed(2)} s; appends took ${((appendedAt - started) / 1000).toFixed(2)} s; ${flushes} transactions, largest delivered batch ${largestBatch}`);
      return [
        {
          name: 'event ingestion, stored and delivered',
          value: Math.round(total / seconds),
          unit: 'events/s',
          budget: 50_000,
          better: 'higher',
          notes: `${TASKS} tasks × ${EVENTS_PER_TASK} events, bursts of ${BURST}; ${flushes} transactions, largest batch ${largestBatch}`,
        },
        {
          name: 'event ingestion, longest event-loop block',
          value: maxMs,
          unit: 'ms',
          budget: 50,
          better: 'lower',
          // On a busy machine the OS descheduling the process counts as lag too; the CPU share tells the two apart.
          notes: `p99 ${p99Ms.toFixed(1)} ms (monitorEventLoopDelay, 5 ms resolution); the process got ${(cpuShare * 100).toFixed(0)} % of a core meanwhile`,
        },
      ];
    } finally {
      store.close();
    }
  },
};
