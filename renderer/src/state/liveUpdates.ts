import type { TaskStatus } from '../../../shared/events';
import type { TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { isFinal } from '../ui/status';
import { useDoctor } from './doctorStore';
import { notifyFinished } from './notifications';
import { useTaskList } from './taskListStore';

/** Views get at most 20 updates a second, however fast the engine reports. */
const FLUSH_MS = 50;

/**
 * Subscribes to the engine's pushed events for the app's stores: task rows
 * (coalesced per task) and image build output. Returns the unsubscribe.
 */
export function startLiveUpdates(): () => void {
  const rows = new Map<string, TaskView>();
  const lines: string[] = [];
  const lastStatus = new Map<string, TaskStatus>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    timer = undefined;
    if (rows.size > 0) {
      const changed = [...rows.values()];
      rows.clear();
      useTaskList.getState().applyUpdates(changed);
    }
    if (lines.length > 0) useDoctor.getState().addProgress(lines.splice(0));
  };
  const schedule = (): void => {
    timer ??= setTimeout(flush, FLUSH_MS);
  };

  // Seen per event, not per flush, so a task that finishes between two flushes still notifies.
  const noteStatus = (task: TaskView): void => {
    const before = lastStatus.get(task.id) ?? useTaskList.getState().tasks.find((t) => t.id === task.id)?.status;
    lastStatus.set(task.id, task.status);
    if (before !== undefined && !isFinal(before) && (task.status === 'succeeded' || task.status === 'failed')) notifyFinished(task);
  };

  const unsubscribe = bridge.subscribe(['task.updated', 'image.progress'], (event) => {
    if (event.type === 'task.updated') {
      noteStatus(event.task);
      rows.set(event.task.id, event.task);
      schedule();
    } else if (event.type === 'image.progress') {
      lines.push(event.line);
      schedule();
    }
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
