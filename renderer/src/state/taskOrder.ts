import type { TaskView } from '../../../shared/types';
import { isActive, isFinal } from '../ui/status';

export type TaskListView = 'all' | 'active' | 'done' | 'failed' | 'archived';

export interface TaskListFilter {
  view: TaskListView;
  search: string;
  /** Only tasks of this environment; null for every environment. */
  environmentId: string | null;
}

/** Newest first, as the engine pages them: by creation time, then id. */
export function comesBefore(a: TaskView, b: TaskView): boolean {
  return a.createdAt !== b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
}

/** The engine's filter, repeated here so live updates land in the right view. */
export function matchesView(task: TaskView, { view, search, environmentId }: TaskListFilter): boolean {
  if (environmentId !== null && task.environmentId !== environmentId) return false;
  const inView =
    (view === 'all' && !task.archived) ||
    (view === 'failed' && !task.archived && task.status === 'failed') ||
    (view === 'active' && !task.archived && isActive(task.status)) ||
    (view === 'done' && !task.archived && isFinal(task.status)) ||
    (view === 'archived' && task.archived);
  if (!inView) return false;
  const needle = search.trim().toLowerCase();
  return !needle || task.title.toLowerCase().includes(needle) || task.prompt.toLowerCase().includes(needle);
}

/**
 * Merges changed rows into a loaded page: known rows are replaced in place (a row
 * that leaves the view stays until the next reload, so nothing jumps under the
 * pointer); new matching rows are inserted in order when they fall inside what
 * is loaded. Returns the new list and how many rows joined the view, loaded or not.
 */
export function mergeTasks(
  tasks: readonly TaskView[],
  changed: readonly TaskView[],
  filter: TaskListFilter & { complete: boolean },
  /** False for rows that may be older than what is shown, e.g. the reply of tasks.create. */
  replace = true,
): { tasks: TaskView[]; added: number } {
  const next = [...tasks];
  const index = new Map(next.map((task, i) => [task.id, i]));
  const fresh: TaskView[] = [];
  for (const task of changed) {
    const at = index.get(task.id);
    if (at !== undefined) {
      if (replace) next[at] = task;
    } else if (matchesView(task, filter)) fresh.push(task);
  }
  for (const task of fresh) {
    let at = next.findIndex((other) => comesBefore(task, other));
    if (at === -1) {
      // Older than every loaded row: paging brings it in when the list reaches it.
      if (!filter.complete) continue;
      at = next.length;
    }
    next.splice(at, 0, task);
  }
  return { tasks: next, added: fresh.length };
}
