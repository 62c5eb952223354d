import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { eventsOf } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { makeRepo } from '../support/gitFixture.js';
import { answer, byPrompt, shell } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

const MiB = 1024 * 1024;
const LOG_CAP_BYTES = 1 * MiB;
const FLOOD_BYTES = 1024 * MiB;
const LINE = 100;
// fold puts a newline after every full 100-character line; the last, partial line has none.
const FLOOD_OUTPUT_BYTES = FLOOD_BYTES + Math.floor(FLOOD_BYTES / LINE);
const AFTER = 'after the flood\n';
const RSS_GROWTH_LIMIT = 300 * MiB;

describe('an output flood: a command printing 1 GiB (real Docker)', () => {
  const engine = useEngine(
    byPrompt(() => [
      shell(['bash', '-c', `head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' x | fold -w ${LINE}`], { timeout_ms: 300_000 }),
      shell(['printf', AFTER]),
      answer('The flood is over and I carried on.'),
    ]),
    { logCapBytes: LOG_CAP_BYTES },
  );
  let task: Task;
  const rss = { before: 0, peak: 0, after: 0 };
  let wallMs = 0;

  beforeAll(async () => {
    const environment = await engine.app.environments.forRepo(makeRepo(engine.dirs.make()));
    rss.before = process.memoryUsage().rss;
    rss.peak = rss.before;
    const sampler = setInterval(() => (rss.peak = Math.max(rss.peak, process.memoryUsage().rss)), 100);
    const started = Date.now();
    try {
      [task] = (await engine.app.tasks.create({ prompt: 'print a lot', mode: 'code', environment })) as [Task];
      task = await waitForTask(engine.app, task.id, 300_000);
    } finally {
      clearInterval(sampler);
    }
    wallMs = Date.now() - started;
    rss.after = process.memoryUsage().rss;
    const flood = eventsOf(engine.app, task.id).find((e) => e.type === 'exec.end');
    const mb = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;
    console.log(
      `[flood] 1 GiB in ${flood?.type === 'exec.end' ? flood.durationMs : '?'} ms (task ${wallMs} ms); ` +
        `rss before ${mb(rss.before)}, peak ${mb(rss.peak)} (+${mb(rss.peak - rss.before)}), after ${mb(rss.after)}`,
    );
  });

  it('goes on to finish the task', () => {
    expect(task.status, task.error ?? '').toBe('succeeded');
    const ends = eventsOf(engine.app, task.id).filter((e) => e.type === 'exec.end');
    expect(ends.map((e) => (e.type === 'exec.end' ? e.exitCode : null))).toEqual([0, 0]);
    expect(eventsOf(engine.app, task.id).at(-2)).toMatchObject({ type: 'task.status', status: 'succeeded' });
  });

  it('keeps the engine\'s memory bounded', () => {
    expect(rss.peak - rss.before).toBeLessThan(RSS_GROWTH_LIMIT);
  });

  it('caps the stored log and says exactly how much was dropped', () => {
    const events = eventsOf(engine.app, task.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(task.logBytes).toBeLessThanOrEqual(LOG_CAP_BYTES);
    expect(task.logBytes).toBeGreaterThan(LOG_CAP_BYTES - 256 * 1024);
    // The cap counts output as stored (JSON-escaped); what was dropped is counted as printed.
    const kept = events.reduce((sum, e) => sum + (e.type === 'exec.output' ? Buffer.byteLength(e.text) : 0), 0);
    expect(kept + task.logDroppedBytes).toBe(FLOOD_OUTPUT_BYTES + AFTER.length);
    const stored = events.reduce((sum, e) => sum + (e.type === 'exec.output' ? Buffer.byteLength(JSON.stringify(e.text)) - 2 : 0), 0);
    expect(stored).toBe(task.logBytes);
    const markers = events.filter((e) => e.type === 'log.truncated');
    expect(markers.length).toBeGreaterThanOrEqual(1);
    expect(markers.at(-1)).toMatchObject({ droppedBytes: task.logDroppedBytes });
    // The first marker sits where the log was cut, before anything after the flood.
    const firstMarker = events.findIndex((e) => e.type === 'log.truncated');
    expect(firstMarker).toBeLessThan(events.findIndex((e) => e.type === 'exec.end'));
    expect(events.length).toBeLessThan(5_000);
  });

  it('gave the model a short head-and-tail copy of the output', () => {
    const afterFlood = engine.model.requests.filter((r) => r.path === '/v1/chat/completions')[1];
    const body = JSON.stringify(afterFlood?.body ?? {});
    expect(body).toMatch(/omitted of 10,737,419/);
    expect(body.length).toBeLessThan(64 * 1024);
  });
});
