import { FINAL_STATUSES, type TaskEvent } from '../../shared/events.js';
import type { App } from '../app.js';

const POLL_MS = 100;
const PAGE = 1000;
/** A page of a flood of output stays small; the next page reads on. */
const PAGE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Prints a task's events from the store as they are committed, whichever
 * process runs it, until every task is finished and nobody owns it anymore.
 */
export async function followEvents(app: App, taskIds: string[], onEvent: (event: TaskEvent) => void, options: { untilFinished: boolean; afterSeq?: Map<string, number> }): Promise<void> {
  const seen = options.afterSeq ?? new Map<string, number>();
  const drain = (): void => {
    for (const id of taskIds) {
      for (;;) {
        const page = app.store.events.page(id, seen.get(id) ?? 0, PAGE, PAGE_MAX_BYTES);
        for (const event of page) onEvent(event);
        const last = page.at(-1);
        if (last) seen.set(id, last.seq);
        if (page.length === 0) break;
      }
    }
  };
  const finished = (): boolean =>
    taskIds.every((id) => {
      const task = app.store.tasks.get(id);
      return !task || (FINAL_STATUSES.includes(task.status) && task.owner === null && !app.scheduler.isQueued(id));
    });
  for (;;) {
    const done = finished();
    app.store.events.flush();
    drain();
    if (!options.untilFinished || done) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
