import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReviewComments } from '../../electron/review/reviewComments.js';
import { openStore, type Store } from '../../electron/store/store.js';
import type { CommentInput } from '../../electron/store/types.js';
import { LiveSandboxes } from '../../electron/tasks/liveSandboxes.js';
import { type Job, Scheduler } from '../../electron/tasks/scheduler.js';
import { TaskService } from '../../electron/tasks/taskService.js';

let dir: string;
let store: Store;
let review: ReviewComments;
let queued: Job[];
let taskId: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'codebay-review-'));
  store = openStore(path.join(dir, 'codebay.db'));
  queued = [];
  // The runner's place: the follow-up is queued and held there, so the test reads what was queued.
  const scheduler = new Scheduler({ concurrency: 1, run: (job) => new Promise<void>(() => queued.push(job)) });
  const tasks = new TaskService(store, scheduler, new LiveSandboxes(1, () => undefined), dir, 'test:1:a');
  review = new ReviewComments(store, tasks);
  taskId = store.tasks.create({ title: 'Fix calc', prompt: 'Fix calc', mode: 'code', repoPath: dir }).id;
  store.turns.create(taskId, { prompt: 'Fix calc', status: 'succeeded' });
  store.tasks.writeState(taskId, { status: 'succeeded', phase: null });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const add = (fields: Partial<CommentInput> = {}) =>
  review.add({ taskId, turn: 1, side: 'modified', path: 'calc.py', startLine: 2, endLine: 2, quote: '    return a + b', body: 'Handle floats too', ...fields });

describe('review comments', () => {
  it('sends the unsent, open comments as one follow-up quoting file, lines, side and code', () => {
    const floats = add();
    const base = add({ turn: null, side: 'original', path: 'test_calc.py', startLine: 5, endLine: 6, quote: 'def test_add(self):\n    assert add(2, 3) == 5', body: 'Why was this test wrong?' });
    const resolved = add({ body: 'Never mind' });
    review.update(resolved.id, { resolved: true });

    const sent = review.send(taskId);

    expect(sent.turn).toBe(2);
    expect(sent.task.status).toBe('queued');
    const prompt = store.turns.get(taskId, 2)?.prompt ?? '';
    expect(prompt).toContain('2 comments');
    expect(prompt).toContain('Comment 1: calc.py, line 2 (new code, after turn 1)\n\n```\n    return a + b\n```\n\nHandle floats too');
    expect(prompt).toContain('Comment 2: test_calc.py, lines 5-6 (old code, before your changes)\n\n```\ndef test_add(self):\n    assert add(2, 3) == 5\n```\n\nWhy was this test wrong?');
    expect(prompt).not.toContain('Never mind');
    expect(queued.map((j) => j.taskId)).toEqual([taskId]);
    const byId = new Map(sent.comments.map((c) => [c.id, c.sentTurn]));
    expect([byId.get(floats.id), byId.get(base.id), byId.get(resolved.id)]).toEqual([2, 2, null]);
  });

  it('sends only the comments named, and fences code that holds backticks', () => {
    add({ body: 'Not this one' });
    const fenced = add({ quote: 'doc = """\n```js\nx\n```\n"""', body: 'Keep the example' });
    review.send(taskId, [fenced.id]);
    const prompt = store.turns.get(taskId, 2)?.prompt ?? '';
    expect(prompt).toContain('````\ndoc = """\n```js\nx\n```\n"""\n````');
    expect(prompt).not.toContain('Not this one');
  });

  it('keeps comments added while the task runs, and refuses to send them until it finishes', () => {
    store.tasks.writeState(taskId, { status: 'running', phase: null });
    const kept = add();
    expect(() => review.send(taskId)).toThrow(`Task ${taskId} is running, so its comments cannot be sent yet`);
    expect(review.list(taskId).map((c) => [c.id, c.sentTurn])).toEqual([[kept.id, null]]);
  });

  it('says why nothing can be sent: none left, or a named comment already sent, resolved or elsewhere', () => {
    expect(() => review.send(taskId)).toThrow(/has no unsent comments. Add a comment/);
    const first = add();
    review.send(taskId);
    store.tasks.writeState(taskId, { status: 'succeeded', phase: null });
    expect(() => review.send(taskId, [first.id])).toThrow(`Comment ${first.id} was already sent to the agent in turn 2`);
    const settled = add();
    review.update(settled.id, { resolved: true });
    expect(() => review.send(taskId, [settled.id])).toThrow(`Comment ${settled.id} is resolved`);
    expect(() => review.send(taskId, ['ghost'])).toThrow(`Task ${taskId} has no comment ghost`);
  });

  it('refuses a turn the task does not have, an edit to a sent comment, and unknown ids', () => {
    expect(() => add({ turn: 9 })).toThrow(`Task ${taskId} has no turn 9`);
    const comment = add();
    review.send(taskId);
    expect(() => review.update(comment.id, { body: 'Changed my mind' })).toThrow(/already sent to the agent in turn 2. Add a new comment/);
    expect(review.update(comment.id, { resolved: true }).resolved).toBe(true);
    expect(() => review.remove('ghost')).toThrow('There is no comment ghost');
    expect(() => review.list('ghost')).toThrow('There is no task ghost');
  });
});
