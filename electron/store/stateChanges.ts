import type { TaskStatus } from '../../shared/events.js';
import { ActionableError } from '../errors.js';
import type { UncappedEventBody } from './eventLog.js';
import type { Store } from './store.js';
import { assertTaskTransition, assertTurnTransition } from './transitions.js';
import type { Task, TaskInput, TaskPatch, TurnPatch } from './types.js';

/** One move of a task, and maybe of one of its turns, to a next status. */
export interface StateChange {
  status: TaskStatus;
  /** What a preparing or running task is doing now; null when omitted. */
  phase?: string | null;
  /** More of the task's row, written with its status. */
  fields?: Omit<TaskPatch, 'status' | 'phase'>;
  /** One of the task's turns, moved with it. */
  turn?: { turn: number; status: TaskStatus; fields?: Omit<TurnPatch, 'status'> };
  /** The prompt of a new queued turn (a follow-up). */
  addTurn?: string;
  /** Events that lead to the change (an error, how the turn ended), logged just before its task.status event. Secrets already masked. */
  before?: readonly UncappedEventBody[];
  /** Events the change starts (turn.started), logged just after its task.status event. Secrets already masked. */
  after?: readonly UncappedEventBody[];
}

/**
 * The one way a task's or turn's status (and the task's phase) changes: checks each move
 * against the transition table, then writes the rows and their events, task.status among
 * them, in one transaction. Throws, and writes nothing, when a move is not allowed.
 */
export function changeState(store: Store, taskId: string, change: StateChange): Task {
  return store.events.atomically((append) => {
    const task = store.tasks.get(taskId);
    if (!task) throw new ActionableError(`Cannot change the state of task ${taskId}: there is no such task`, 'It may have been deleted; refresh the list');
    assertTaskTransition(taskId, task.status, change.status);
    if (change.turn) {
      const turn = store.turns.get(taskId, change.turn.turn);
      if (!turn) throw new ActionableError(`Task ${taskId} has no turn ${change.turn.turn}`, 'It may have been deleted; refresh the task');
      assertTurnTransition(taskId, turn.turn, turn.status, change.turn.status);
      store.turns.writeState(taskId, turn.turn, change.turn.status, change.turn.fields);
    }
    if (change.addTurn !== undefined) store.turns.create(taskId, { prompt: change.addTurn, status: 'queued' });
    const phase = change.phase ?? null;
    const updated = store.tasks.writeState(taskId, { status: change.status, phase }, change.fields) ?? task;
    for (const body of change.before ?? []) append(taskId, body);
    append(taskId, { type: 'task.status', status: change.status, ...(phase ? { phase } : {}) });
    for (const body of change.after ?? []) append(taskId, body);
    return updated;
  });
}

/** New queued tasks, each with its first queued turn and its task.status event, all in one transaction. */
export function createTasks(store: Store, inputs: readonly TaskInput[]): Task[] {
  return store.events.atomically((append) =>
    inputs.map((input) => {
      const task = store.tasks.create(input);
      store.turns.create(task.id, { prompt: input.prompt, status: 'queued' });
      append(task.id, { type: 'task.status', status: 'queued' });
      return task;
    }),
  );
}

/** How a task that stopped with an error reports it: the error itself (a cancel is none), then the end of its turn. */
export function stoppedEvents(status: TaskStatus, message: string, turn: number | undefined): UncappedEventBody[] {
  return [
    ...(status === 'cancelled' ? [] : [{ type: 'error', message, retryable: false } satisfies UncappedEventBody]),
    ...(turn === undefined ? [] : [{ type: 'turn.failed', turn, error: message } satisfies UncappedEventBody]),
  ];
}
