import type { App } from '../../electron/app.js';
import type { Task } from '../../electron/store/types.js';
import { FINAL_STATUSES } from '../../shared/events.js';

/**
 * Resolves with the first result of `check` that is not undefined, asking it
 * now, after each committed batch of the task's events and when the task's run
 * in this engine ends: woken by the engine itself, never by a timer. Free of
 * vitest, so the benchmarks use it too. `check` runs inside the event log's
 * delivery, so it must read committed rows only and never flush.
 */
export function whenTask<T>(app: App, taskId: string, check: () => T | undefined, timeoutMessage: () => string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let finished = false;
    let watchingRun = false;
    const finish = (): void => {
      finished = true;
      unsubscribe();
      clearTimeout(timer);
    };
    const attempt = (): void => {
      if (finished) return;
      let value: T | undefined;
      try {
        value = check();
      } catch (error) {
        finish();
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (value !== undefined) {
        finish();
        resolve(value);
        return;
      }
      // The run lets go of the task (owner null) after its last event, so its end is a wake-up of its own.
      if (!watchingRun && app.scheduler.isRunning(taskId)) {
        watchingRun = true;
        void app.scheduler.settled(taskId).then(() => {
          watchingRun = false;
          attempt();
        });
      }
    };
    const unsubscribe = app.store.events.subscribe((batch) => {
      if (batch.some((event) => event.taskId === taskId)) attempt();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(timeoutMessage()));
    }, timeoutMs);
    attempt();
  });
}

/** The task once it has reached a final status and its run has let go of it, with its events flushed. */
export async function waitForTask(app: App, taskId: string, timeoutMs = 120_000): Promise<Task> {
  const task = await whenTask(
    app,
    taskId,
    () => {
      const current = app.store.tasks.get(taskId);
      return current && FINAL_STATUSES.includes(current.status) && current.owner === null ? current : undefined;
    },
    () => `task ${taskId} still ${app.store.tasks.get(taskId)?.status ?? 'missing'} after ${timeoutMs} ms`,
    timeoutMs,
  );
  app.store.events.flush();
  return task;
}

/** Resolves once the task's committed command output contains `text`. */
export async function waitForOutput(app: App, taskId: string, text: string, timeoutMs = 60_000): Promise<void> {
  const committedOutput = (): string =>
    app.store.events
      .page(taskId, 0, 100_000)
      .map((e) => (e.type === 'exec.output' ? e.text : ''))
      .join('');
  await whenTask(app, taskId, () => (committedOutput().includes(text) ? true : undefined), () => `task ${taskId} printed no "${text}" in ${timeoutMs} ms`, timeoutMs);
}

/** Sends a follow-up and waits for its result: the task, which must have succeeded, and its newest turn commit. */
export async function followUpToResult(app: App, taskId: string, prompt: string): Promise<{ task: Task; latest: { turn: number; commit: string } }> {
  app.tasks.followUp(taskId, prompt);
  const task = await waitForTask(app, taskId);
  if (task.status !== 'succeeded') throw new Error(`The follow-up "${prompt}" of task ${taskId} ended ${task.status}: ${task.error ?? 'no error recorded'}`);
  const latest = (await app.results.shipState(taskId)).latest;
  if (!latest) throw new Error(`Task ${taskId} has no result after "${prompt}"`);
  return { task, latest };
}
