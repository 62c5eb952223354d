import type { TaskStatus } from '../../shared/events.js';
import type { CheckSpec, CommentView, EnvironmentView, TaskMode, TaskView } from '../../shared/types.js';
import type { FindingView } from '../../shared/findings.js';
import type { WireApi } from '../config/provider.js';

/**
 * The objects the store hands out and takes in: camelCase views of the rows
 * in SQLite. Times are Unix milliseconds. Nothing here holds a secret value:
 * providers only say whether a key exists, environments only name their secrets.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An environment row: what the UI sees (EnvironmentView, in shared/types.ts) plus timestamps. */
export interface Environment extends EnvironmentView {
  createdAt: number;
  updatedAt: number;
}

export type EnvironmentInput = Pick<Environment, 'name'> &
  Partial<Omit<Environment, 'id' | 'name' | 'createdAt' | 'updatedAt'>>;
export type EnvironmentPatch = Partial<Omit<Environment, 'id' | 'createdAt' | 'updatedAt'>>;

export interface Provider {
  id: string;
  name: string;
  /** Which preset filled the form (openai, azure, ollama, lmstudio, vllm, llamacpp, openrouter, custom). */
  preset: string;
  baseUrl: string;
  wire: WireApi;
  model: string;
  extraHeaders: Record<string, string>;
  contextWindow: number | null;
  /** Whether a key is kept for this provider in the OS keychain or key file. */
  hasKey: boolean;
  createdAt: number;
  updatedAt: number;
}

export type ProviderInput = Pick<Provider, 'name' | 'baseUrl' | 'wire' | 'model'> &
  Partial<Pick<Provider, 'preset' | 'extraHeaders' | 'contextWindow' | 'hasKey'>>;
export type ProviderPatch = Partial<Omit<Provider, 'id' | 'createdAt' | 'updatedAt'>>;

export type { TaskMode };

/**
 * A task row: what the UI sees (TaskView, documented in shared/types.ts) plus
 * the engine's own bookkeeping.
 */
export interface Task extends TaskView {
  providerId: string | null;
  branchedAt: number | null;
  pushedAt: number | null;
  deadlineAt: number | null;
  containerId: string | null;
  /** Bytes of command and setup output kept in the event log, as stored (JSON-escaped), which the log cap counts. */
  logBytes: number;
  /** The engine process running the task, "host:pid:instance"; null when none does. */
  owner: string | null;
  /** Asked for by a process that does not own the task; the owner stops it. */
  cancelRequested: boolean;
  /** The agent CLI's own session id, for resuming it in the same sandbox. */
  agentSession: string | null;
  /** Checks given for this task alone, run after the environment's. */
  extraChecks: CheckSpec[];
  /** For a review: the commit the reviewed change starts from (baseCommit is where it ends). */
  reviewBase: string | null;
  /** The newest commit Codebay made with the user's message to ship the task; null until one is. */
  shipCommit: string | null;
  /** The turn whose result that commit's tree is. */
  shipTurn: number | null;
}

export type TaskInput = Pick<Task, 'title' | 'prompt' | 'mode' | 'repoPath'> &
  Partial<
    Pick<
      Task,
      | 'environmentId'
      | 'baseRef'
      | 'baseCommit'
      | 'includeUncommitted'
      | 'groupId'
      | 'attempt'
      | 'attemptsTotal'
      | 'agent'
      | 'extraChecks'
      | 'model'
      | 'providerId'
      | 'deadlineAt'
      | 'reviewTarget'
      | 'reviewBase'
    >
  >;
/** The event log owns the log counters; ids, modes and creation times never change. */
export type TaskPatch = Partial<
  Omit<Task, 'id' | 'mode' | 'repoPath' | 'createdAt' | 'logBytes' | 'logDroppedBytes' | 'status' | 'phase'>
>;

/** Task list filters; results come newest first. */
export interface TaskFilter {
  statuses?: readonly TaskStatus[];
  archived?: boolean;
  /** Case-insensitive (ASCII) substring of the title or prompt. */
  search?: string;
  groupId?: string;
  environmentId?: string;
  repoPath?: string;
}

/** Where the previous page ended: its last task (any Task will do). */
export type TaskCursor = Pick<Task, 'createdAt' | 'id'>;

export interface TaskPage {
  limit?: number;
  offset?: number;
  /** Only tasks older than this one (keyset paging; stable while tasks are added). */
  before?: TaskCursor;
}

export interface Turn {
  taskId: string;
  /** 1 for the task's first prompt, then one more per follow-up. */
  turn: number;
  prompt: string;
  status: TaskStatus;
  summary: string | null;
  error: string | null;
  /** The mirror ref holding this turn's result, refs/codebay/<task>/<turn>. */
  resultRef: string | null;
  baseRef: string | null;
  linesAdded: number;
  linesRemoved: number;
  filesChanged: number;
  inputTokens: number;
  outputTokens: number;
  startedAt: number | null;
  finishedAt: number | null;
  checksPassed: number | null;
  checksFailed: number | null;
}

export type TurnInput = Pick<Turn, 'prompt'> & Partial<Pick<Turn, 'status' | 'baseRef' | 'startedAt'>>;
export type TurnPatch = Partial<Omit<Turn, 'taskId' | 'turn' | 'prompt' | 'status'>>;

/** A review comment row: exactly what the UI sees. */
export type Comment = CommentView;
export type CommentInput = Pick<Comment, 'taskId' | 'turn' | 'side' | 'path' | 'startLine' | 'endLine' | 'quote' | 'body'>;
export type CommentPatch = Partial<Pick<Comment, 'body' | 'resolved'>>;

/** A review finding row: exactly what the UI sees. */
export type Finding = FindingView;
export type FindingInput = Pick<Finding, 'id' | 'taskId' | 'turn' | 'priority' | 'title' | 'body' | 'path' | 'startLine' | 'endLine' | 'confidence'>;
export type FindingPatch = Partial<Pick<Finding, 'status' | 'fixTaskId' | 'fixTurn'>>;
