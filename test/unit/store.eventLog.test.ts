import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../shared/events.js';
import { ActionableError } from '../../electron/errors.js';
import type { EventLogOptions } from '../../electron/store/eventLog.js';
import { openStore } from '../../electron/store/store.js';
import type { Store } from '../../electron/store/store.js';

let dir: string;
let file: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'codebay-store-events-'));
  file = path.join(dir, 'codebay.db');
  store = openStore(file);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function reopen(eventLog?: EventLogOptions): void {
  store.close();
  store = openStore(file, eventLog ? { eventLog } : {});
}

function newTask(title = 'task'): string {
  return store.tasks.create({ title, prompt: 'p', mode: 'code', repoPath: '/r' }).id;
}

/** Resolves with the next batch the log delivers. */
function nextBatch(): Promise<readonly TaskEvent[]> {
  return new Promise((resolve) => {
    const unsubscribe = store.events.subscribe((events) => {
      unsubscribe();
      resolve(events);
    });
  });
}

function allEvents(taskId: string): TaskEvent[] {
  return store.events.page(taskId, 0, 1_000_000);
}

describe('sequence numbers', () => {
  it('count 1, 2, 3, ... per task with no gaps over many interleaved appends', () => {
    const ids = [newTask('a'), newTask('b'), newTask('c')];
    const returned = new Map<string, number[]>(ids.map((id) => [id, []]));
    for (let i = 0; i < 6_000; i += 1) {
      const id = ids[(i * 7) % 3] ?? '';
      const event = store.events.append(id, { type: 'agent.delta', text: `chunk ${i}` });
      returned.get(id)?.push(event?.seq ?? -1);
    }
    store.events.flush();
    for (const id of ids) {
      const seqs = allEvents(id).map((event) => event.seq);
      expect(seqs).toEqual(Array.from({ length: 2_000 }, (_, index) => index + 1));
      expect(returned.get(id)).toEqual(seqs);
      expect(store.events.lastSeq(id)).toBe(2_000);
    }
  });

  it('continue after the stored maximum when the store is reopened', () => {
    const id = newTask();
    for (let i = 0; i < 5; i += 1) store.events.append(id, { type: 'agent.message', text: `m${i}` });
    // close() must flush what is still queued.
    reopen();
    expect(store.events.lastSeq(id)).toBe(5);
    expect(store.events.append(id, { type: 'usage', inputTokens: 1, outputTokens: 2 })?.seq).toBe(6);
    reopen();
    expect(allEvents(id).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses events for a task that does not exist, and after close', () => {
    expect(() => store.events.append('ghost', { type: 'agent.message', text: 'x' })).toThrow(
      /Cannot log events for task ghost: there is no such task/,
    );
    const id = newTask();
    store.events.close();
    expect(() => store.events.append(id, { type: 'agent.message', text: 'x' })).toThrow(ActionableError);
  });
});

describe('batching', () => {
  it('writes everything appended in one tick in one transaction, after the tick', async () => {
    const id = newTask();
    const batch = nextBatch();
    const appended: (TaskEvent | null)[] = [];
    for (let i = 0; i < 1_000; i += 1) appended.push(store.events.append(id, { type: 'agent.delta', text: `d${i}` }));
    expect(store.events.stats.flushes).toBe(0);
    expect(store.events.lastSeq(id)).toBe(0);

    const delivered = await batch;
    expect(store.events.stats).toMatchObject({ flushes: 1, eventsWritten: 1_000 });
    expect(delivered).toEqual(appended);
    expect(store.events.lastSeq(id)).toBe(1_000);
  });

  it('delivers a batch to subscribers only after it is committed (seen from a second connection)', async () => {
    const id = newTask();
    const reader = new Database(file, { readonly: true });
    try {
      const countStored = reader.prepare<[string, number, number], { stored: number }>(
        'SELECT count(*) AS stored FROM events WHERE task_id = ? AND seq BETWEEN ? AND ?',
      );
      const seenAtDelivery: number[] = [];
      store.events.subscribe((events) => {
        const first = events[0]?.seq ?? 0;
        const last = events.at(-1)?.seq ?? 0;
        seenAtDelivery.push(countStored.get(id, first, last)?.stored ?? -1, events.length);
      });
      const delivered = nextBatch();
      for (let i = 0; i < 50; i += 1) store.events.append(id, { type: 'agent.delta', text: `d${i}` });
      expect(countStored.get(id, 1, 50)?.stored).toBe(0);
      await delivered;
      expect(seenAtDelivery).toEqual([50, 50]);
    } finally {
      reader.close();
    }
  });

  it('keeps events queued and undelivered when the write fails, and delivers them once it succeeds', () => {
    const id = newTask();
    const delivered: TaskEvent[][] = [];
    store.events.subscribe((events) => delivered.push([...events]));
    store.events.append(id, { type: 'agent.message', text: 'one' });
    store.events.append(id, { type: 'agent.message', text: 'two' });

    const locker = new Database(file);
    store.db.pragma('busy_timeout = 10');
    try {
      locker.exec('BEGIN IMMEDIATE');
      expect(() => store.events.flush()).toThrow(/Could not write 2 task events to the database: .*locked/);
      expect(delivered).toEqual([]);
      locker.exec('COMMIT');
    } finally {
      locker.close();
    }
    store.events.append(id, { type: 'agent.message', text: 'three' });
    store.events.flush();
    expect(delivered.map((events) => events.map((event) => event.seq))).toEqual([[1, 2, 3]]);
    expect(allEvents(id).map((event) => (event.type === 'agent.message' ? event.text : ''))).toEqual(['one', 'two', 'three']);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const errors: unknown[] = [];
    reopen({ onError: (error) => errors.push(error) });
    const id = newTask();
    const received: number[] = [];
    store.events.subscribe(() => {
      throw new Error('listener broke');
    });
    const unsubscribe = store.events.subscribe((events) => received.push(...events.map((event) => event.seq)));
    store.events.append(id, { type: 'agent.message', text: 'x' });
    store.events.flush();
    unsubscribe();
    store.events.append(id, { type: 'agent.message', text: 'y' });
    store.events.flush();
    expect(received).toEqual([1]);
    expect(errors.map((error) => (error as Error).message)).toEqual(['listener broke', 'listener broke']);
  });
});

describe('reading', () => {
  it('pages committed events in seq order with every field as appended', () => {
    const id = newTask();
    const other = newTask('other');
    const appended = [
      store.events.append(id, { type: 'task.status', status: 'running', phase: 'agent' }),
      store.events.append(other, { type: 'agent.message', text: 'not mine' }),
      store.events.append(id, { type: 'exec.begin', callId: 'c1', command: ['bash', '-lc', 'ls'], cwd: '/workspace' }),
      store.events.append(id, { type: 'exec.output', callId: 'c1', stream: 'stdout', text: 'a.txt\nb.txt\n' }),
      store.events.append(id, { type: 'exec.end', callId: 'c1', exitCode: 0, durationMs: 12, timedOut: false }),
      store.events.append(id, { type: 'plan.updated', plan: [{ step: 'look', status: 'completed' }] }),
      store.events.append(id, { type: 'patch.applied', callId: 'c2', ok: false, files: [], error: 'no match' }),
    ].filter((event) => event?.taskId === id);
    store.events.flush();
    expect(allEvents(id)).toEqual(appended);
    expect(store.events.page(id, 2, 2).map((event) => event.seq)).toEqual([3, 4]);
    expect(store.events.page(id, 6, 10)).toEqual([]);
    expect(store.events.page('ghost', 0, 10)).toEqual([]);
    expect(store.events.lastSeq('ghost')).toBe(0);
  });
});

describe('the per-task log cap', () => {
  function output(text: string): { type: 'exec.output'; callId: string; stream: 'stdout'; text: string } {
    return { type: 'exec.output', callId: 'c1', stream: 'stdout', text };
  }

  it('drops output past the cap, marks it once, reports the total at finish, and keeps seq gap-free', () => {
    reopen({ logCapBytes: 100 });
    const id = newTask();
    const other = newTask('other');
    expect(store.events.append(id, output('x'.repeat(40)))?.seq).toBe(1);
    // 'é' is two bytes: the cap counts bytes, not characters.
    expect(store.events.append(id, { type: 'setup.output', stream: 'stderr', text: 'é'.repeat(25) })?.seq).toBe(2);
    const marker = store.events.append(id, output('y'.repeat(20)));
    expect(marker).toMatchObject({ seq: 3, type: 'log.truncated', droppedBytes: 20 });
    // Would fit under the cap, but the log already has a hole, so it is dropped too.
    expect(store.events.append(id, output('z'.repeat(5)))).toBeNull();
    expect(store.events.append(id, output('w'.repeat(1_000)))).toBeNull();
    expect(store.events.append(id, { type: 'agent.message', text: 'still logged' })?.seq).toBe(4);
    expect(store.events.append(other, output('o'.repeat(90)))?.seq).toBe(1);

    expect(store.events.finishTask(id)).toMatchObject({ seq: 5, type: 'log.truncated', droppedBytes: 1_025 });
    expect(store.events.finishTask(id)).toBeNull();
    expect(store.events.finishTask(other)).toBeNull();
    store.events.flush();

    expect(allEvents(id).map((event) => event.type)).toEqual([
      'exec.output',
      'setup.output',
      'log.truncated',
      'agent.message',
      'log.truncated',
    ]);
    expect(store.events.stats.eventsDropped).toBe(3);
    expect(store.tasks.get(id)).toMatchObject({ logBytes: 90, logDroppedBytes: 1_025 });
    expect(store.tasks.get(other)).toMatchObject({ logBytes: 90, logDroppedBytes: 0 });
  });

  it('remembers what was kept and dropped across a reopen', () => {
    reopen({ logCapBytes: 100 });
    const id = newTask();
    store.events.append(id, output('x'.repeat(80)));
    reopen({ logCapBytes: 100 });
    // 80 stored before the reopen: 30 more crosses the cap.
    expect(store.events.append(id, output('y'.repeat(30)))).toMatchObject({ seq: 2, type: 'log.truncated', droppedBytes: 30 });
    store.events.finishTask(id);
    reopen({ logCapBytes: 100 });
    // A later turn: still past the cap, so the first drop is marked again with the running total.
    expect(store.events.append(id, output('z'.repeat(10)))).toMatchObject({ seq: 3, type: 'log.truncated', droppedBytes: 40 });
    expect(store.events.append(id, output('z'.repeat(10)))).toBeNull();
    expect(store.events.finishTask(id)).toMatchObject({ seq: 4, droppedBytes: 50 });
    store.events.flush();
    expect(store.tasks.get(id)).toMatchObject({ logBytes: 80, logDroppedBytes: 50 });
    expect(allEvents(id).map((event) => event.seq)).toEqual([1, 2, 3, 4]);
  });

  it('stores the dropped-byte count even when nothing else is written', () => {
    reopen({ logCapBytes: 10 });
    const id = newTask();
    store.events.append(id, output('a'.repeat(20)));
    store.events.flush();
    store.events.append(id, output('b'.repeat(7)));
    store.events.flush();
    expect(store.tasks.get(id)).toMatchObject({ logBytes: 0, logDroppedBytes: 27 });
    expect(store.events.lastSeq(id)).toBe(1);
  });
});
