import { useEffect } from 'react';
import { MODES } from '../../../shared/modes';
import { bridge } from '../bridge';
import type { TabName, TaskSession } from '../task/taskSession';
import { openTask, useRouter } from '../state/router';
import { useTaskList } from '../state/taskListStore';
import { errorMessage } from '../ui/errorMessage';
import { isEditable } from '../ui/keys';
import { isActive } from '../ui/status';
import { toast } from '../ui/toasts';
import { groupAttempts } from '../home/taskGroups';
import { TASK_TAB_KEYS } from './shortcuts';

const TAB_NAMES: readonly string[] = ['conversation', 'findings', 'logs', 'diff', 'compare'] satisfies TabName[];

export function isTabName(name: string | undefined): name is TabName {
  return name !== undefined && TAB_NAMES.includes(name);
}

/** The task next to this one in the list as it shows, grouped attempts counting once. */
function neighbour(taskId: string, step: 1 | -1): string | undefined {
  const rows = groupAttempts(useTaskList.getState().tasks);
  const at = rows.findIndex((row) => row.attempts.some((t) => t.id === taskId));
  return at === -1 ? undefined : rows[at + step]?.lead.id;
}

async function act(what: 'cancel' | 'retry', taskId: string): Promise<void> {
  try {
    await bridge.call(what === 'cancel' ? 'tasks.cancel' : 'tasks.retry', { id: taskId });
    toast(what === 'cancel' ? 'Cancelling the task' : 'Running the last turn again');
  } catch (error) {
    toast(`Could not ${what} the task: ${errorMessage(error)}`, 'error');
  }
}

/**
 * Keeps a task view's tab and its URL in step (a tab has its own URL; the URL picks the tab),
 * and the task view's keys: J/K next and previous task, 1–5 tabs, F follow-up, Shift+C cancel, Shift+R retry.
 */
export function useTaskShortcuts(session: TaskSession, routeTaskId: string): void {
  useEffect(() => {
    const toUrl = (tab: TabName): void => {
      const { route } = useRouter.getState();
      if (route.name === 'task' && route.taskId === routeTaskId && route.tab !== tab) useRouter.getState().replace({ name: 'task', taskId: routeTaskId, tab });
    };
    const unsubscribeSession = session.store.subscribe((state, previous) => {
      if (state.tab !== previous.tab) toUrl(state.tab);
    });
    const unsubscribeRouter = useRouter.subscribe(({ route }) => {
      if (route.name === 'task' && route.taskId === routeTaskId && isTabName(route.tab) && route.tab !== session.store.getState().tab) session.setTab(route.tab);
    });
    return () => {
      unsubscribeSession();
      unsubscribeRouter();
    };
  }, [session, routeTaskId]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const task = session.store.getState().detail?.task;
      const key = event.key;
      if (key === 'j' || key === 'k') {
        const next = neighbour(routeTaskId, key === 'j' ? 1 : -1);
        if (!next) return;
        useTaskList.getState().select(next);
        openTask(next);
      } else if (key in TASK_TAB_KEYS) {
        // On the Compare tab a number picks that attempt instead (the tab's own keys).
        if (session.store.getState().tab === 'compare') return;
        const tab = TASK_TAB_KEYS[key as keyof typeof TASK_TAB_KEYS];
        const offered = tab === 'compare' ? (task?.attemptsTotal ?? 1) > 1 : tab === 'findings' ? (task ? MODES[task.mode].reviews : false) : true;
        if (!offered) return;
        session.setTab(tab);
      } else if (key === 'f') {
        const box = document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Follow-up prompt"]');
        if (!box) return;
        box.focus();
      } else if (key === 'C' && event.shiftKey && task && isActive(task.status)) void act('cancel', task.id);
      else if (key === 'R' && event.shiftKey && task && !isActive(task.status)) void act('retry', task.id);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [session, routeTaskId]);
}
