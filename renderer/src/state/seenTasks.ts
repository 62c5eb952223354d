import { create } from 'zustand';
import type { TaskView } from '../../../shared/types';
import { isFinal } from '../ui/status';

const STORAGE_KEY = 'codebay.seenTasks';
// Enough for every task a user could have open in a week; older entries fall out first.
const MAX_REMEMBERED = 1000;

interface Seen {
  /** Tasks that finished before this (the first launch) count as seen. */
  since: number;
  /** When each task was last opened. */
  at: Record<string, number>;
}

function load(): Seen {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (parsed && typeof parsed === 'object' && 'since' in parsed && 'at' in parsed && typeof parsed.since === 'number' && parsed.at && typeof parsed.at === 'object') {
      return { since: parsed.since, at: parsed.at as Record<string, number> };
    }
  } catch {
    // A damaged entry starts over: at worst some finished tasks show as seen.
  }
  const fresh = { since: Date.now(), at: {} };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(fresh));
  return fresh;
}

interface SeenState extends Seen {
  markSeen(taskId: string): void;
}

/** Which finished tasks the user has not opened since they finished: the list's unread dots. */
export const useSeenTasks = create<SeenState>()((set, get) => ({
  ...load(),
  markSeen: (taskId) => {
    const entries = Object.entries({ ...get().at, [taskId]: Date.now() })
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_REMEMBERED);
    const at = Object.fromEntries(entries);
    set({ at });
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ since: get().since, at }));
  },
}));

export function isUnread(task: TaskView, seen: Pick<Seen, 'since' | 'at'>): boolean {
  if (!isFinal(task.status) || task.finishedAt === null || task.finishedAt < seen.since) return false;
  return (seen.at[task.id] ?? 0) < task.finishedAt;
}
