import type { AgentBackendName } from '../../shared/agents.js';
import { FINAL_STATUSES } from '../../shared/events.js';
import { DEFAULT_TIME_LIMIT_MS } from '../../shared/limits.js';
import type { ReviewRequest } from '../../shared/findings.js';
import { ActionableError } from '../errors.js';
import { resolveReview, reviewTurnPrompt } from '../review/reviewTarget.js';
import { ensureMirror } from '../git/mirror.js';
import { resolveBase, validateRepo } from '../git/repo.js';
import { snapshotUncommitted } from '../git/snapshot.js';
import { newId } from '../store/ids.js';
import { changeState, createTasks, stoppedEvents, type StateChange } from '../store/stateChanges.js';
import type { Store } from '../store/store.js';
import type { Environment, Task, TaskInput, TaskMode } from '../store/types.js';
import type { LiveSandboxes } from './liveSandboxes.js';
import type { Scheduler } from './scheduler.js';
import { assertPlainLine, plainLine } from '../plainText.js';
import { checkSpecs, type CheckInput } from './checkSpecs.js';

export const MAX_ATTEMPTS = 4;

export interface CreateTaskInput {
  prompt: string;
  mode: TaskMode;
  environment: Environment;
  /** Branch, tag or commit; defaults to the environment's base branch, else the repo's HEAD. */
  baseRef?: string;
  includeUncommitted?: boolean;
  attempts?: number;
  /** One agent for every attempt, or one per attempt; default: the environment's, else the built-in one. */
  agents?: readonly AgentBackendName[];
  /** Checks for this task alone, run after the environment's. */
  checks?: CheckInput[];
  title?: string;
  providerId?: string | null;
  model?: string | null;
}

export interface CreateReviewInput {
  target: ReviewRequest;
  /** Where a branch or uncommitted changes are reviewed; a task's result is reviewed in its own. */
  environment?: Environment;
  /** What to look at closely. */
  focus?: string;
  agent?: AgentBackendName;
  providerId?: string | null;
  model?: string | null;
}

/** A title for the list: the prompt's first line, shortened at a word. */
export function titleFromPrompt(prompt: string): string {
  const line = plainLine(prompt.trim().split('\n')[0] ?? '').trim();
  if (line.length <= 80) return line;
  const cut = line.slice(0, 80);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 80)}…`;
}

/** Creating, continuing and stopping tasks; the scheduler and runner do the running. */
export class TaskService {
  constructor(
    private readonly store: Store,
    private readonly scheduler: Scheduler,
    private readonly live: LiveSandboxes,
    private readonly dataDir: string,
    private readonly owner: string,
  ) {}

  async create(input: CreateTaskInput): Promise<Task[]> {
    const prompt = input.prompt.trim();
    if (!prompt) throw new ActionableError('The task has no prompt', 'Describe what the agent should do');
    const attempts = input.attempts ?? 1;
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ATTEMPTS) {
      throw new ActionableError(`${attempts} attempts is not possible`, `Choose 1 to ${MAX_ATTEMPTS} attempts`);
    }
    const environment = input.environment;
    const agents = input.agents ?? [environment.agent ?? 'built-in'];
    if (agents.length !== 1 && agents.length !== attempts) {
      throw new ActionableError(`${agents.length} agents were given for ${attempts} attempts`, 'Give one agent for all attempts, or one per attempt');
    }
    if (!environment.repoPath) {
      throw new ActionableError(`Environment "${environment.name}" has no repository`, 'Set its repository path first');
    }
    const repo = await validateRepo(environment.repoPath);
    const baseRef = input.baseRef?.trim() || environment.baseBranch || repo.headBranch || 'HEAD';
    const baseCommit = await resolveBase(repo.root, baseRef);
    const mirror = await ensureMirror(this.dataDir, repo.root);
    await mirror.refresh();
    await mirror.ensureCommit(baseCommit);
    const start = input.includeUncommitted ? (await snapshotUncommitted(repo.root, mirror, baseCommit)).commit : baseCommit;

    const extraChecks = checkSpecs(input.checks ?? [], 'this task');
    const groupId = attempts > 1 ? newId() : null;
    if (input.title !== undefined) assertPlainLine(input.title, 'task title');
    const title = input.title?.trim() || titleFromPrompt(prompt);
    const inputs: TaskInput[] = [];
    for (let attempt = 1; attempt <= attempts; attempt++) {
      inputs.push({
        title,
        prompt,
        mode: input.mode,
        repoPath: repo.root,
        environmentId: environment.id,
        baseRef,
        baseCommit: start,
        includeUncommitted: input.includeUncommitted ?? false,
        groupId,
        attempt,
        attemptsTotal: attempts,
        extraChecks,
        agent: agents.length === 1 ? (agents[0] ?? 'built-in') : (agents[attempt - 1] ?? 'built-in'),
        providerId: input.providerId ?? null,
        model: input.model ?? null,
      });
    }
    const tasks = createTasks(this.store, inputs);
    for (const task of tasks) this.enqueue(task);
    return tasks;
  }

  /** A review task: the agent reviews a change without editing it and reports findings (see review/reviewTarget.ts). */
  async review(input: CreateReviewInput): Promise<Task> {
    const resolved = await resolveReview(this.store, this.dataDir, input.target, input.environment);
    const agent = input.agent ?? resolved.environment.agent ?? 'built-in';
    const reviewedTitle = input.target.kind === 'task' ? this.store.tasks.get(input.target.taskId)?.title : undefined;
    const [task] = createTasks(this.store, [
      {
        title: titleFromPrompt(resolved.title),
        prompt: reviewTurnPrompt(resolved, input.focus?.trim() ?? '', agent, reviewedTitle),
        mode: 'review',
        repoPath: resolved.repoPath,
        environmentId: resolved.environment.id,
        baseRef: resolved.headRef,
        baseCommit: resolved.head,
        reviewTarget: resolved.target,
        reviewBase: resolved.base,
        agent,
        providerId: input.providerId ?? null,
        model: input.model ?? null,
      },
    ]);
    if (!task) throw new Error('creating the review task returned no task');
    this.enqueue(task);
    return task;
  }

  /** Adds a turn to a finished task and queues it; it runs in the same sandbox when that is still alive. */
  followUp(taskId: string, prompt: string): Task {
    const task = this.requireTask(taskId);
    if (!prompt.trim()) throw new ActionableError('The follow-up has no prompt', 'Say what the agent should do next');
    if (!FINAL_STATUSES.includes(task.status)) {
      throw new ActionableError(`Task ${taskId} is ${task.status}`, 'Wait for it to finish or cancel it, then send the follow-up');
    }
    return this.requeue(task.id, { addTurn: prompt.trim() });
  }

  /** Runs the last turn again, from the same starting point. */
  retry(taskId: string): Task {
    const task = this.requireTask(taskId);
    if (!FINAL_STATUSES.includes(task.status)) {
      throw new ActionableError(`Task ${taskId} is ${task.status}`, 'Only a finished, failed or cancelled task can be retried');
    }
    const last = this.store.turns.list(task.id).at(-1);
    if (!last) throw new ActionableError(`Task ${taskId} has no turn to retry`, 'Create the task again');
    return this.requeue(task.id, { turn: { turn: last.turn, status: 'queued', fields: { summary: null, error: null, resultRef: null, startedAt: null, finishedAt: null } } });
  }

  /** Cancels a queued or running task; a task run by another process is asked to stop. */
  cancel(taskId: string): Task {
    const task = this.requireTask(taskId);
    if (FINAL_STATUSES.includes(task.status)) return task;
    if (this.scheduler.cancel(taskId) && this.scheduler.isRunning(taskId)) return task;
    if (task.owner && task.owner !== this.owner) {
      return this.store.tasks.update(taskId, { cancelRequested: true }) ?? task;
    }
    // Queued here or nowhere: nobody runs it, so it is cancelled now.
    return this.finishUnrun(task, 'cancelled', 'cancelled by the user');
  }

  /**
   * "Use this attempt": the chosen attempt of a best-of-N becomes the one to export, branch and
   * push; its siblings are cancelled if still running and archived (kept, and shown again on
   * the Archived filter).
   */
  chooseAttempt(taskId: string): Task {
    const task = this.requireTask(taskId);
    if (!task.groupId) throw new ActionableError(`Task ${taskId} is a single attempt`, 'Only an attempt of a best-of-N launch can be chosen');
    for (const sibling of this.store.tasks.list({ groupId: task.groupId }, { limit: 10 })) {
      if (sibling.id === task.id) continue;
      if (!FINAL_STATUSES.includes(sibling.status)) this.cancel(sibling.id);
      this.store.tasks.update(sibling.id, { chosen: false });
      this.archive(sibling.id, true);
    }
    return this.store.tasks.update(task.id, { chosen: true, archived: false }) ?? task;
  }

  archive(taskId: string, archived: boolean): Task {
    this.requireTask(taskId);
    if (archived) void this.live.drop(taskId);
    return this.store.tasks.update(taskId, { archived }) ?? this.requireTask(taskId);
  }

  /** Tasks of this process that another process asked to cancel. */
  pollCancelRequests(): void {
    const running = this.store.tasks.list({ statuses: ['preparing', 'running'] }, { limit: 1000 });
    for (const task of running) {
      if (task.cancelRequested && task.owner === this.owner) this.scheduler.cancel(task.id);
    }
  }

  /** Marks a task that will never run (its owner died, or it was cancelled while queued). */
  finishUnrun(task: Task, status: 'cancelled' | 'interrupted', message: string): Task {
    const turn = this.store.turns.list(task.id).findLast((t) => !FINAL_STATUSES.includes(t.status));
    this.store.events.adopt(task.id);
    return changeState(this.store, task.id, {
      status,
      fields: { error: message, owner: null, finishedAt: Date.now() },
      ...(turn ? { turn: { turn: turn.turn, status, fields: { error: message, finishedAt: Date.now() } } } : {}),
      before: stoppedEvents(status, message, turn?.turn),
    });
  }

  /** Queues a task's pending turn with its environment's time limit. */
  enqueue(task: Task): void {
    const environment = task.environmentId ? this.store.environments.get(task.environmentId) : undefined;
    const deadlineAt = Date.now() + (environment?.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
    this.store.tasks.update(task.id, { deadlineAt });
    this.scheduler.enqueue({ taskId: task.id, fairnessKey: task.environmentId ?? task.repoPath, deadlineAt });
  }

  /** Queues a finished task again, with a new turn or its last one reset. */
  private requeue(taskId: string, turn: Pick<StateChange, 'turn' | 'addTurn'>): Task {
    this.store.events.adopt(taskId);
    const updated = changeState(this.store, taskId, { status: 'queued', fields: { error: null, finishedAt: null }, ...turn });
    this.enqueue(updated);
    return updated;
  }

  private requireTask(taskId: string): Task {
    const task = this.store.tasks.get(taskId);
    if (!task) throw new ActionableError(`There is no task ${taskId}`, 'List tasks with `codebay ls`');
    return task;
  }
}
