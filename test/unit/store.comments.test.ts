import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionableError } from '../../electron/errors.js';
import { openStore, type Store } from '../../electron/store/store.js';
import type { CommentInput } from '../../electron/store/types.js';
import { ManualClock } from '../support/manualClock.js';

let dir: string;
let file: string;
let store: Store;
let clock: ManualClock;
let taskId: string;

beforeEach(() => {
  clock = new ManualClock();
  dir = mkdtempSync(path.join(os.tmpdir(), 'codebay-store-comments-'));
  file = path.join(dir, 'codebay.db');
  store = openStore(file, { clock });
  taskId = store.tasks.create({ title: 'Fix calc', prompt: 'Fix calc', mode: 'code', repoPath: '/src/calc' }).id;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const on = (fields: Partial<CommentInput> = {}): CommentInput => ({
  taskId,
  turn: 1,
  side: 'modified',
  path: 'calc.py',
  startLine: 2,
  endLine: 3,
  quote: '    return a + b\n',
  body: 'Handle floats too',
  ...fields,
});

describe('comments', () => {
  it('round-trips every field through a reopened file, unsent and open', () => {
    const created = store.comments.create(on({ turn: null, side: 'original', quote: 'x = "```"' }));
    expect(created).toMatchObject({ taskId, turn: null, side: 'original', startLine: 2, endLine: 3, resolved: false, sentTurn: null });
    expect(created.createdAt).toBe(clock.now());
    store.close();
    store = openStore(file, { clock });
    expect(store.comments.get(created.id)).toEqual(created);
    expect(store.comments.get('nope')).toBeUndefined();
  });

  it("lists a task's comments oldest first, and only that task's", () => {
    const other = store.tasks.create({ title: 'Other', prompt: 'Other', mode: 'code', repoPath: '/src/other' }).id;
    const first = store.comments.create(on({ body: 'first' }));
    clock.advance(1);
    const second = store.comments.create(on({ body: 'second', startLine: 1, endLine: 1 }));
    store.comments.create(on({ taskId: other }));
    expect(store.comments.list(taskId).map((c) => c.id)).toEqual([first.id, second.id]);
    expect(store.comments.list('no-such-task')).toEqual([]);
  });

  it('updates only what the patch names and stamps the change', () => {
    const created = store.comments.create(on());
    clock.advance(7);
    const edited = store.comments.update(created.id, { body: 'Handle ints and floats' });
    expect(edited).toEqual({ ...created, body: 'Handle ints and floats', updatedAt: created.updatedAt + 7 });
    expect(store.comments.update(created.id, { resolved: true })?.resolved).toBe(true);
    expect(store.comments.update('nope', { resolved: true })).toBeUndefined();
  });

  it('marks comments sent once: a second send keeps the first turn', () => {
    const a = store.comments.create(on());
    const b = store.comments.create(on({ body: 'b' }));
    expect(store.comments.markSent([a.id], 2)).toBe(1);
    expect(store.comments.markSent([a.id, b.id, 'nope'], 3)).toBe(1);
    expect(store.comments.list(taskId).map((c) => c.sentTurn)).toEqual([2, 3]);
  });

  it('removes a comment, and every comment of a deleted task', () => {
    const a = store.comments.create(on());
    const b = store.comments.create(on());
    expect(store.comments.remove(a.id)).toBe(true);
    expect(store.comments.remove(a.id)).toBe(false);
    store.db.prepare('DELETE FROM tasks WHERE id = ?').run(taskId);
    expect(store.comments.get(b.id)).toBeUndefined();
  });

  it('refuses a comment on a task that does not exist, saying which', () => {
    expect(() => store.comments.create(on({ taskId: 'ghost' }))).toThrow(ActionableError);
    expect(() => store.comments.create(on({ taskId: 'ghost' }))).toThrow(/task ghost/);
  });

  it('refuses at the schema what the API would never pass: a backwards range, an unknown side', () => {
    expect(() => store.comments.create(on({ startLine: 5, endLine: 4 }))).toThrow(/CHECK constraint/);
    expect(() => store.comments.create(on({ startLine: 0, endLine: 0 }))).toThrow(/CHECK constraint/);
    expect(() => store.comments.create({ ...on(), side: 'left' as 'original' })).toThrow(/CHECK constraint/);
  });
});
