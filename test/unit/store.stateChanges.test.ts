import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskEvent, TaskStatus } from '../../shared/events.js';
import { ActionableError } from '../../electron/errors.js';
import { changeState, createTasks, stoppedEvents, type StateChange } from '../../electron/store/stateChanges.js';
import { openStore, type Store } from '../../electron/store/store.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'codebay-state-changes-'));
  // A flush interval no test waits for: whatever is on disk was written by the state change itself.
  store = openStore(path.join(dir, 'codebay.db'), { eventLog: { flushIntervalMs: 60_000 } });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function newTask(): string {
  const [task] = createTasks(store, [{ title: 't', prompt: 'fix it', mode: 'code', repoPath: '/r' }]);
  if (!task) throw new Error('createTasks made no task');
  return task.id;
}

/** Events on disk, as type plus the fields that say what changed. */
function stored(taskId: string): string[] {
  return store.events.page(taskId, 0, 1_000).map(describeEvent);
}

function describeEvent(event: TaskEvent): string {
  switch (event.type) {
    case 'task.status':
      return `${event.seq} task.status ${event.status}${event.phase ? ` ${event.phase}` : ''}`;
    case 'turn.started':
    case 'turn.completed':
    case 'turn.failed':
      return `${event.seq} ${event.type} ${event.turn}`;
    default:
      return `${event.seq} ${event.type}`;
  }
}

/** Moves task and turn 1 along the runner's path, as far as `to`. */
function runTo(taskId: string, to: 'preparing' | 'running' | 'succeeded'): void {
  changeState(store, taskId, { status: 'preparing', phase: 'sandbox', turn: { turn: 1, status: 'preparing' } });
  if (to === 'preparing') return;
  changeState(store, taskId, { status: 'running', phase: 'agent', turn: { turn: 1, status: 'running' } });
  if (to === 'running') return;
  changeState(store, taskId, { status: 'succeeded', turn: { turn: 1, status: 'succeeded' } });
}

function rowState(taskId: string): { task: [TaskStatus, string | null, string | null]; turns: TaskStatus[] } {
  const task = store.tasks.get(taskId);
  if (!task) throw new Error(`no task ${taskId}`);
  return { task: [task.status, task.phase, task.error], turns: store.turns.list(taskId).map((turn) => turn.status) };
}

describe('legal moves', () => {
  it('create queued tasks with a queued first turn and their task.status event, committed together', () => {
    const delivered: TaskEvent[][] = [];
    store.events.subscribe((events) => delivered.push([...events]));
    const tasks = createTasks(store, [1, 2].map((attempt) => ({ title: 't', prompt: 'p', mode: 'code', repoPath: '/r', attempt })));
    for (const task of tasks) {
      expect(rowState(task.id)).toEqual({ task: ['queued', null, null], turns: ['queued'] });
      expect(stored(task.id)).toEqual(['1 task.status queued']);
    }
    expect(delivered.map((batch) => batch.map((e) => `${e.taskId === tasks[0]?.id ? 'a' : 'b'} ${e.type}`))).toEqual([['a task.status', 'b task.status']]);
  });

  it('walk a task and its turns through a run, a follow-up, a failure, a retry and a cancel, each row written with its events', () => {
    const id = newTask();
    changeState(store, id, {
      status: 'preparing',
      phase: 'sandbox',
      fields: { startedAt: 5 },
      turn: { turn: 1, status: 'preparing', fields: { startedAt: 5 } },
      after: [{ type: 'turn.started', turn: 1, prompt: 'fix it' }],
    });
    expect(rowState(id)).toEqual({ task: ['preparing', 'sandbox', null], turns: ['preparing'] });
    changeState(store, id, { status: 'preparing', phase: 'setup' });
    changeState(store, id, { status: 'running', phase: 'agent', turn: { turn: 1, status: 'running' } });
    changeState(store, id, { status: 'running', phase: 'collecting' });
    const done = changeState(store, id, {
      status: 'succeeded',
      fields: { linesAdded: 3, finishedAt: 9 },
      turn: { turn: 1, status: 'succeeded', fields: { summary: 'done' } },
      before: [
        { type: 'diff.stats', filesChanged: 1, linesAdded: 3, linesRemoved: 0 },
        { type: 'turn.completed', turn: 1, summary: 'done' },
      ],
    });
    expect(done).toMatchObject({ status: 'succeeded', phase: null, linesAdded: 3, finishedAt: 9, startedAt: 5 });
    expect(store.turns.get(id, 1)).toMatchObject({ status: 'succeeded', summary: 'done', startedAt: 5 });

    changeState(store, id, { status: 'queued', fields: { finishedAt: null }, addTurn: 'and the docs' });
    expect(rowState(id)).toEqual({ task: ['queued', null, null], turns: ['succeeded', 'queued'] });
    expect(store.turns.get(id, 2)?.prompt).toBe('and the docs');
    changeState(store, id, { status: 'preparing', phase: 'sandbox', turn: { turn: 2, status: 'preparing' } });
    changeState(store, id, {
      status: 'failed',
      fields: { error: 'boom' },
      turn: { turn: 2, status: 'failed', fields: { error: 'boom' } },
      before: stoppedEvents('failed', 'boom', 2),
    });
    expect(rowState(id)).toEqual({ task: ['failed', null, 'boom'], turns: ['succeeded', 'failed'] });

    changeState(store, id, { status: 'queued', fields: { error: null }, turn: { turn: 2, status: 'queued', fields: { error: null } } });
    changeState(store, id, { status: 'cancelled', turn: { turn: 2, status: 'cancelled' }, before: stoppedEvents('cancelled', 'cancelled by the user', 2) });
    expect(rowState(id)).toEqual({ task: ['cancelled', null, null], turns: ['succeeded', 'cancelled'] });

    expect(stored(id)).toEqual([
      '1 task.status queued',
      '2 task.status preparing sandbox',
      '3 turn.started 1',
      '4 task.status preparing setup',
      '5 task.status running agent',
      '6 task.status running collecting',
      '7 diff.stats',
      '8 turn.completed 1',
      '9 task.status succeeded',
      '10 task.status queued',
      '11 task.status preparing sandbox',
      '12 error',
      '13 turn.failed 2',
      '14 task.status failed',
      '15 task.status queued',
      '16 turn.failed 2',
      '17 task.status cancelled',
    ]);
  });

  it('end a queued task unrun, cancelled or interrupted', () => {
    for (const status of ['cancelled', 'interrupted'] as const) {
      const id = newTask();
      changeState(store, id, { status, turn: { turn: 1, status }, before: stoppedEvents(status, 'stopped', 1) });
      expect(rowState(id).turns).toEqual([status]);
      expect(stored(id).at(-1)).toBe(`${status === 'cancelled' ? 3 : 4} task.status ${status}`);
    }
  });

  it("write the task's queued events first, in the same transaction, and deliver them in seq order after the commit", () => {
    const id = newTask();
    runTo(id, 'running');
    store.events.append(id, { type: 'agent.delta', text: 'a' });
    store.events.append(id, { type: 'exec.output', callId: 'c', stream: 'stdout', text: 'out' });
    const other = newTask();
    store.events.append(other, { type: 'agent.delta', text: 'elsewhere' });
    const delivered: string[] = [];
    store.events.subscribe((events) => delivered.push(...events.map((e) => `${e.taskId === id ? 'a' : 'b'} ${describeEvent(e)}`)));

    changeState(store, id, { status: 'running', phase: 'checks' });

    expect(delivered).toEqual(['a 4 agent.delta', 'a 5 exec.output', 'a 6 task.status running checks']);
    expect(stored(id).slice(-3)).toEqual(['4 agent.delta', '5 exec.output', '6 task.status running checks']);
    // Another task's queue is left to the timer.
    expect(stored(other)).toEqual(['1 task.status queued']);
    store.events.flush();
    expect(stored(other)).toEqual(['1 task.status queued', '2 agent.delta']);
    expect(delivered.at(-1)).toBe('b 2 agent.delta');
  });
});

describe('a failed write', () => {
  it('leaves the rows as they were when the event cannot be written, and uses no seq', () => {
    const id = newTask();
    runTo(id, 'running');
    store.events.append(id, { type: 'agent.delta', text: 'queued before' });
    const delivered: TaskEvent[] = [];
    store.events.subscribe((events) => delivered.push(...events));
    // The database itself refuses the event, as it would on a full disk.
    store.db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON events WHEN NEW.type = 'task.status' BEGIN SELECT RAISE(ABORT, 'disk full'); END");

    expect(() =>
      changeState(store, id, {
        status: 'failed',
        fields: { error: 'boom', finishedAt: 1 },
        turn: { turn: 1, status: 'failed', fields: { error: 'boom', finishedAt: 1 } },
        before: stoppedEvents('failed', 'boom', 1),
      }),
    ).toThrow(/disk full/);
    expect(rowState(id)).toEqual({ task: ['running', 'agent', null], turns: ['running'] });
    expect(store.tasks.get(id)?.finishedAt).toBeNull();
    expect(store.turns.get(id, 1)?.finishedAt).toBeNull();
    expect(stored(id)).toEqual(['1 task.status queued', '2 task.status preparing sandbox', '3 task.status running agent']);
    expect(delivered).toEqual([]);

    store.db.exec('DROP TRIGGER refuse');
    changeState(store, id, { status: 'failed', turn: { turn: 1, status: 'failed' }, before: stoppedEvents('failed', 'boom', 1) });
    expect(stored(id)).toEqual([
      '1 task.status queued',
      '2 task.status preparing sandbox',
      '3 task.status running agent',
      '4 agent.delta',
      '5 error',
      '6 turn.failed 1',
      '7 task.status failed',
    ]);
    expect(delivered.map((e) => e.seq)).toEqual([4, 5, 6, 7]);
  });

  it('writes no task when one of several cannot be made', () => {
    store.db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON tasks WHEN NEW.title = 'second' BEGIN SELECT RAISE(ABORT, 'no room'); END");
    expect(() =>
      createTasks(store, [
        { title: 'first', prompt: 'p', mode: 'code', repoPath: '/r' },
        { title: 'second', prompt: 'p', mode: 'code', repoPath: '/r' },
      ]),
    ).toThrow(/no room/);
    expect(store.tasks.count()).toBe(0);
    expect(store.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
  });

  it('is refused inside another transaction, whose rollback would undo events already delivered', () => {
    const id = newTask();
    expect(() => store.db.transaction(() => changeState(store, id, { status: 'cancelled' }))()).toThrow(/inside another transaction/);
    expect(rowState(id).task[0]).toBe('queued');
  });
});

describe('illegal moves', () => {
  const cases: { name: string; at: 'queued' | 'preparing' | 'running' | 'succeeded'; change: StateChange; message: RegExp }[] = [
    { name: 'a succeeded task back to running', at: 'succeeded', change: { status: 'running', phase: 'agent' }, message: /Task \S+ cannot go from succeeded to running/ },
    { name: 'a finished task to another end', at: 'succeeded', change: { status: 'failed' }, message: /from succeeded to failed: from succeeded it can only go to queued/ },
    { name: 'a queued task straight to succeeded', at: 'queued', change: { status: 'succeeded' }, message: /from queued to succeeded/ },
    { name: 'a queued task straight to running', at: 'queued', change: { status: 'running', phase: 'agent' }, message: /from queued to running/ },
    { name: 'a queued task to queued again', at: 'queued', change: { status: 'queued' }, message: /from queued to queued/ },
    { name: 'a running task back to preparing', at: 'running', change: { status: 'preparing', phase: 'setup' }, message: /from running to preparing/ },
    { name: 'a running task back to queued', at: 'running', change: { status: 'queued' }, message: /from running to queued/ },
    {
      name: 'a preparing turn straight to succeeded',
      at: 'preparing',
      change: { status: 'running', phase: 'agent', turn: { turn: 1, status: 'succeeded' } },
      message: /Turn 1 of task \S+ cannot go from preparing to succeeded/,
    },
    {
      name: 'a turn staying running (turns have no phase)',
      at: 'running',
      change: { status: 'running', phase: 'checks', turn: { turn: 1, status: 'running' } },
      message: /Turn 1 of task \S+ cannot go from running to running/,
    },
    {
      name: 'a succeeded turn to failed',
      at: 'succeeded',
      change: { status: 'queued', turn: { turn: 1, status: 'failed' } },
      message: /Turn 1 of task \S+ cannot go from succeeded to failed/,
    },
  ];

  it.each(cases)('throw and write nothing: $name', ({ at, change, message }) => {
    const id = newTask();
    if (at !== 'queued') runTo(id, at);
    const before = { rows: rowState(id), events: stored(id) };
    let thrown: unknown;
    try {
      changeState(store, id, change);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ActionableError);
    expect(String(thrown)).toMatch(message);
    expect(String(thrown)).toContain(id);
    expect({ rows: rowState(id), events: stored(id) }).toEqual(before);
  });

  it('throw for a queued turn moved straight to succeeded, leaving the legal task move unwritten too', () => {
    const id = newTask();
    expect(() => changeState(store, id, { status: 'preparing', phase: 'sandbox', turn: { turn: 1, status: 'succeeded' } })).toThrow(
      /Turn 1 of task \S+ cannot go from queued to succeeded/,
    );
    expect(rowState(id)).toEqual({ task: ['queued', null, null], turns: ['queued'] });
    expect(stored(id)).toEqual(['1 task.status queued']);
  });

  it('throw for a task or turn that does not exist', () => {
    expect(() => changeState(store, 'nope', { status: 'cancelled' })).toThrow(/task nope: there is no such task/);
    const id = newTask();
    expect(() => changeState(store, id, { status: 'cancelled', turn: { turn: 7, status: 'cancelled' } })).toThrow(/has no turn 7/);
    expect(rowState(id).task[0]).toBe('queued');
  });
});
