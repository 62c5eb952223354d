import type { TaskStatus } from '../../shared/events.js';
import { ActionableError } from '../errors.js';

/**
 * Where a task's or turn's status may go next. A queued one ends unrun when it is cancelled or
 * its engine stops; a finished one is queued again by a follow-up (a new turn) or a retry (the
 * same turn again).
 */
const NEXT: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  queued: ['preparing', 'cancelled', 'interrupted'],
  preparing: ['running', 'failed', 'cancelled', 'interrupted'],
  running: ['succeeded', 'failed', 'cancelled', 'interrupted'],
  succeeded: ['queued'],
  failed: ['queued'],
  cancelled: ['queued'],
  interrupted: ['queued'],
};

/** A task that is preparing or running may stay so to change its phase; a turn has no phase. */
const PHASED: readonly TaskStatus[] = ['preparing', 'running'];

export function assertTaskTransition(taskId: string, from: TaskStatus, to: TaskStatus): void {
  const allowed = PHASED.includes(from) ? [from, ...NEXT[from]] : NEXT[from];
  if (!allowed.includes(to)) throw illegal(`Task ${taskId}`, from, to, allowed);
}

export function assertTurnTransition(taskId: string, turn: number, from: TaskStatus, to: TaskStatus): void {
  if (!NEXT[from].includes(to)) throw illegal(`Turn ${turn} of task ${taskId}`, from, to, NEXT[from]);
}

function illegal(what: string, from: TaskStatus, to: TaskStatus, allowed: readonly TaskStatus[]): ActionableError {
  return new ActionableError(
    `${what} cannot go from ${from} to ${to}: from ${from} it can only go to ${allowed.join(' or ')}`,
    'Something else changed it first; reload the task and try again',
  );
}
