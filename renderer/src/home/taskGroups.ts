import type { TaskView } from '../../../shared/types';
import { isActive } from '../ui/status';

/** One line of the list: a task, or the attempts of a best-of-N shown as one. */
export interface ListRow {
  /** The attempt the row opens and whose +/− it shows: the chosen one, else the best finished one. */
  lead: TaskView;
  /** Every loaded attempt, by attempt number; just the lead for a single task. */
  attempts: TaskView[];
}

function rank(task: TaskView): number {
  if (task.chosen) return 0;
  if (task.status === 'succeeded') return 1;
  if (isActive(task.status)) return 2;
  return 3;
}

/** The attempt a group leads with; among equals the one that changed least, as a reviewer reads it fastest. */
export function leadOf(attempts: readonly TaskView[]): TaskView {
  const [first, ...rest] = attempts;
  if (!first) throw new Error('a group of attempts cannot be empty');
  return rest.reduce((best, task) => {
    const order = rank(task) - rank(best);
    if (order !== 0) return order < 0 ? task : best;
    return task.status === 'succeeded' && task.linesAdded + task.linesRemoved < best.linesAdded + best.linesRemoved ? task : best;
  }, first);
}

/**
 * Folds the attempts of each best-of-N into one row, where its first loaded attempt stands.
 * Attempts are created together, so they sit next to each other in the list; one that a later
 * page brings joins its group's row.
 */
export function groupAttempts(tasks: readonly TaskView[]): ListRow[] {
  const rows: ListRow[] = [];
  const groups = new Map<string, TaskView[]>();
  for (const task of tasks) {
    if (!task.groupId || task.attemptsTotal <= 1) {
      rows.push({ lead: task, attempts: [task] });
      continue;
    }
    const known = groups.get(task.groupId);
    if (known) {
      known.push(task);
      continue;
    }
    const attempts = [task];
    groups.set(task.groupId, attempts);
    rows.push({ lead: task, attempts });
  }
  return rows.map((row) => {
    if (row.attempts.length === 1) return row;
    const attempts = [...row.attempts].sort((a, b) => a.attempt - b.attempt);
    return { lead: leadOf(attempts), attempts };
  });
}

/** The status a group shows: running while any attempt runs, else its lead's. */
export function groupStatus(row: ListRow): TaskView['status'] {
  return row.attempts.find((task) => isActive(task.status))?.status ?? row.lead.status;
}
