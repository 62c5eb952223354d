import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/store/store.js';

describe('event paging from the tail', () => {
  let dir: string;
  let store: Store;
  let taskId: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'codebay-paging-'));
    store = openStore(path.join(dir, 'codebay.db'));
    taskId = store.tasks.create({ title: 't', prompt: 'p', mode: 'code', repoPath: '/r' }).id;
    for (let i = 0; i < 25; i++) store.events.append(taskId, { type: 'agent.delta', text: `chunk ${i}` });
    store.events.flush();
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the last events before a seq, in seq order', () => {
    const tail = store.events.pageBefore(taskId, 26, 10);
    expect(tail.map((e) => e.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    const earlier = store.events.pageBefore(taskId, 16, 10);
    expect(earlier.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(store.events.pageBefore(taskId, 6, 10).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(store.events.pageBefore(taskId, 1, 10)).toEqual([]);
    expect(tail[0]).toMatchObject({ taskId, type: 'agent.delta', text: 'chunk 15' });
  });

  it('agrees with forward paging', () => {
    expect(store.events.pageBefore(taskId, 26, 100)).toEqual(store.events.page(taskId, 0, 100));
  });
});
