import { type DiffSummary, numstat } from '../git/diff.js';
import { fileVersions, type FileVersions } from '../git/fileVersions.js';
import type { Mirror } from '../git/mirror.js';
import { ActionableError } from '../errors.js';
import type { Results } from '../results.js';
import type { Store } from '../store/store.js';
import type { Task } from '../store/types.js';

interface ResultPair {
  mirror: Mirror;
  /** Attempt A's newest result. */
  from: string;
  /** Attempt B's newest result. */
  to: string;
}

function attemptName(task: Task): string {
  return `Attempt ${task.attempt} (${task.id})`;
}

/** Why an attempt has no result to compare, and what to do about it. */
function noResult(task: Task): ActionableError {
  if (task.status === 'queued' || task.status === 'preparing' || task.status === 'running') {
    return new ActionableError(`${attemptName(task)} has no result yet: it is still ${task.status}`, 'Wait until it finishes, or pick another attempt');
  }
  return new ActionableError(`${attemptName(task)} has no result: it was ${task.status} before its first turn finished`, 'Retry it, or pick another attempt');
}

function requireAttempt(store: Store, id: string): Task {
  const task = store.tasks.get(id);
  if (!task) throw new ActionableError(`There is no task ${id}`, 'It may have been deleted; refresh the attempts');
  return task;
}

async function pairOf(store: Store, results: Results, a: string, b: string): Promise<ResultPair> {
  const first = requireAttempt(store, a);
  const second = requireAttempt(store, b);
  if (!first.groupId || first.groupId !== second.groupId) {
    throw new ActionableError(`Tasks ${first.id} and ${second.id} are not attempts of the same launch`, 'Compare two attempts of one best-of-N launch; `codebay compare ID` lists them');
  }
  for (const task of [first, second]) {
    if (!store.turns.list(task.id).some((turn) => turn.resultRef)) throw noResult(task);
  }
  // An attempt whose follow-up is still running is compared at its newest finished turn.
  const [left, right] = await Promise.all([results.range(first.id), results.range(second.id)]);
  return { mirror: left.mirror, from: left.to, to: right.to };
}

/** The files attempt B's result has different from attempt A's, with +/− as B against A. */
export async function attemptDiff(store: Store, results: Results, a: string, b: string): Promise<DiffSummary> {
  const { mirror, from, to } = await pairOf(store, results, a, b);
  return numstat(mirror, from, to);
}

/** One file as attempt A's result has it (original) and as attempt B's does (modified). */
export async function attemptFileVersions(store: Store, results: Results, a: string, b: string, path: string, oldPath?: string): Promise<FileVersions> {
  const { mirror, from, to } = await pairOf(store, results, a, b);
  return fileVersions(mirror, from, to, path, oldPath ?? path);
}
