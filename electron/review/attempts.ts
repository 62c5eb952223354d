import type { AttemptRow } from '../../shared/types.js';
import type { Store } from '../store/store.js';
import type { Task } from '../store/types.js';

/** A task's best-of-N siblings (itself alone when it has none), in attempt order. */
export function siblingsOf(store: Store, task: Task): Task[] {
  if (!task.groupId) return [task];
  return store.tasks.list({ groupId: task.groupId }, { limit: 10 }).sort((a, b) => a.attempt - b.attempt);
}

/** The attempts of a task's launch side by side: how each ended, what it changed, what it cost. */
export function attemptRows(store: Store, task: Task): AttemptRow[] {
  store.events.flush();
  return siblingsOf(store, task).map((attempt) => {
    const turns = store.turns.list(attempt.id);
    const started = turns.find((turn) => turn.startedAt !== null)?.startedAt ?? null;
    const finished = turns.at(-1)?.finishedAt ?? null;
    return {
      id: attempt.id,
      attempt: attempt.attempt,
      agent: attempt.agent,
      status: attempt.status,
      chosen: attempt.chosen,
      hasResult: turns.some((turn) => turn.resultRef !== null),
      checksPassed: attempt.checksPassed,
      checksFailed: attempt.checksFailed,
      filesChanged: attempt.filesChanged,
      linesAdded: attempt.linesAdded,
      linesRemoved: attempt.linesRemoved,
      inputTokens: attempt.inputTokens,
      outputTokens: attempt.outputTokens,
      wallMs: started !== null && finished !== null ? finished - started : null,
      commands: store.events.countOf(attempt.id, 'exec.begin'),
    };
  });
}
