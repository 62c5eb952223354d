import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/store/store.js';

const CAP = 64 * 1024;

describe('the log cap and log pages count stored bytes', () => {
  let dir: string;
  let store: Store;
  let taskId: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'codebay-log-bytes-'));
    store = openStore(path.join(dir, 'codebay.db'), { eventLog: { logCapBytes: CAP } });
    taskId = store.tasks.create({ title: 't', prompt: 'p', mode: 'code', repoPath: '/r' }).id;
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('caps output by its stored (JSON-escaped) size, so NUL bytes cannot multiply the log six times over', () => {
    const nulChunk = '\u0000'.repeat(4096);
    for (let i = 0; i < 64; i += 1) store.events.append(taskId, { type: 'exec.output', callId: 'c', stream: 'stdout', text: nulChunk });
    store.events.flush();
    const stored = store.db.prepare("SELECT sum(length(body)) AS bytes FROM events WHERE task_id = ? AND type = 'exec.output'").get(taskId) as { bytes: number };
    expect(stored.bytes).toBeLessThanOrEqual(CAP + 64 * 100);
    expect(store.tasks.get(taskId)?.logBytes).toBeLessThanOrEqual(CAP);
    const marker = store.events.page(taskId, 0, 1000).find((e) => e.type === 'log.truncated');
    expect(marker).toMatchObject({ type: 'log.truncated' });
    expect(statSync(path.join(dir, 'codebay.db')).size).toBeLessThan(4 * CAP + 1024 * 1024);
  });

  it('ends a page at about maxBytes of event text, always with at least one event, from either end', () => {
    const big = 'x'.repeat(10_000);
    for (let i = 0; i < 20; i += 1) store.events.append(taskId, { type: 'agent.delta', text: big });
    store.events.flush();
    const first = store.events.page(taskId, 0, 1000, 35_000);
    expect(first.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(store.events.page(taskId, 3, 1000, 1).map((e) => e.seq)).toEqual([4]);
    expect(store.events.pageBefore(taskId, 21, 1000, 35_000).map((e) => e.seq)).toEqual([18, 19, 20]);
    let read = 0;
    let after = 0;
    for (let page = store.events.page(taskId, after, 1000, 35_000); page.length > 0; page = store.events.page(taskId, after, 1000, 35_000)) {
      read += page.length;
      after = page.at(-1)?.seq ?? after;
    }
    expect(read).toBe(20);
  });
});

describe('the data files', () => {
  it('are readable by their owner only', () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'codebay-modes-'));
    try {
      const home = path.join(parent, 'home');
      const store = openStore(path.join(home, 'codebay.db'));
      store.close();
      expect(statSync(home).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(home, 'codebay.db')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
