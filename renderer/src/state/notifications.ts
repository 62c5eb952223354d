import type { TaskView } from '../../../shared/types';
import { openTask, useRouter } from './router';

const supported = typeof Notification !== 'undefined';

/** Asked once, when the user launches a task: the moment a notification makes sense. */
export function askNotificationPermission(): void {
  if (supported && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

function watching(taskId: string): boolean {
  const route = useRouter.getState().route;
  return document.hasFocus() && route.name === 'task' && route.taskId === taskId;
}

/** A desktop notification for a task that just succeeded or failed; clicking it opens the task. */
export function notifyFinished(task: TaskView): void {
  if (!supported || Notification.permission !== 'granted' || watching(task.id)) return;
  const ok = task.status === 'succeeded';
  const counts = task.linesAdded || task.linesRemoved ? ` · +${task.linesAdded} −${task.linesRemoved}` : '';
  const notification = new Notification(ok ? 'Task finished' : 'Task failed', {
    body: ok ? `${task.title}${counts}` : `${task.title}\n${task.error ?? 'Open it to see why.'}`,
    tag: `codebay-task-${task.id}`,
  });
  notification.onclick = () => {
    window.focus();
    openTask(task.id);
    notification.close();
  };
}
