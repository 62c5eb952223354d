import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskEvent } from '../../shared/events.js';
import { openStore, type Store } from '../../electron/store/store.js';

const FLUSH_INTERVAL_MS = 20;

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'codebay-store-batches-'));
  store = openStore(path.join(dir, 'codebay.db'), { eventLog: { maxBatch: 100, flushIntervalMs: FLUSH_INTERVAL_MS } });
});
afterEach(() => {
  vi.useRealTimers();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function newTask(): string {
  return store.tasks.create({ title: 't', prompt: 'p', mode: 'code', repoPath: '/r' }).id;
}

function counters(id: string): { logBytes: number } {
  return store.db.prepare('SELECT log_bytes AS logBytes FROM tasks WHERE id = ?').get(id) as { logBytes: number };
}

describe('a queue longer than maxBatch', () => {
  it('is written in transactions of at most maxBatch, one per tick, delivered in order', () => {
    // Fake timers make each flush tick a step the test takes, so "one batch per tick" is checked tick by tick.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const id = newTask();
    const batches: (readonly TaskEvent[])[] = [];
    store.events.subscribe((events) => batches.push(events));
    for (let i = 0; i < 350; i += 1) store.events.append(id, { type: 'exec.output', callId: 'c', stream: 'stdout', text: 'x'.repeat(10) });

    vi.advanceTimersByTime(FLUSH_INTERVAL_MS - 1);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches.map((b) => b.length)).toEqual([100]);
    for (const sizes of [[100, 100], [100, 100, 100], [100, 100, 100, 50]]) {
      vi.advanceTimersToNextTimer();
      expect(batches.map((b) => b.length)).toEqual(sizes);
    }
    expect(vi.getTimerCount()).toBe(0);

    expect(batches.flat().map((e) => e.seq)).toEqual(Array.from({ length: 350 }, (_, i) => i + 1));
    expect(store.events.stats).toMatchObject({ flushes: 4, eventsWritten: 350 });
    expect(counters(id).logBytes).toBe(3_500);
  });

  it('is written whole by an explicit flush, still in transactions of at most maxBatch', () => {
    const id = newTask();
    const sizes: number[] = [];
    store.events.subscribe((events) => sizes.push(events.length));
    for (let i = 0; i < 250; i += 1) store.events.append(id, { type: 'agent.delta', text: `d${i}` });
    store.events.flush();
    expect(sizes).toEqual([100, 100, 50]);
    expect(store.events.lastSeq(id)).toBe(250);
  });

  it('stores the log counters only with the batch that empties the queue', () => {
    const id = newTask();
    for (let i = 0; i < 150; i += 1) store.events.append(id, { type: 'exec.output', callId: 'c', stream: 'stdout', text: 'abcd' });
    const seen: number[] = [];
    store.events.subscribe(() => seen.push(counters(id).logBytes));
    store.events.flush();
    expect(seen).toEqual([0, 600]);
  });
});
