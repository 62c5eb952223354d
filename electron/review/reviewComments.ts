import { FINAL_STATUSES } from '../../shared/events.js';
import { ActionableError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { Comment, CommentInput, Task } from '../store/types.js';
import type { TaskService } from '../tasks/taskService.js';
import { reviewPrompt } from './reviewPrompt.js';

export interface SentComments {
  /** The task as queued for the follow-up. */
  task: Task;
  /** The follow-up turn that carries the comments. */
  turn: number;
  /** Every comment of the task, the ones just sent included. */
  comments: Comment[];
}

/**
 * A reviewer's comments on a task's diff: kept while the task runs, and sent back to the
 * agent together as one follow-up once it has finished.
 */
export class ReviewComments {
  constructor(
    private readonly store: Store,
    private readonly tasks: Pick<TaskService, 'followUp'>,
  ) {}

  list(taskId: string): Comment[] {
    this.requireTask(taskId);
    return this.store.comments.list(taskId);
  }

  /** Any task may take comments, a running one too: they wait to be sent. */
  add(input: CommentInput): Comment {
    this.requireTask(input.taskId);
    if (input.turn !== null && !this.store.turns.get(input.taskId, input.turn)) {
      throw new ActionableError(`Task ${input.taskId} has no turn ${input.turn}`, 'Comment on a turn the Diff tab lists, or on all turns');
    }
    return this.store.comments.create(input);
  }

  update(id: string, patch: { body?: string; resolved?: boolean }): Comment {
    const comment = this.requireComment(id);
    if (patch.body !== undefined && patch.body !== comment.body && comment.sentTurn !== null) {
      throw new ActionableError(`Comment ${id} was already sent to the agent in turn ${comment.sentTurn}`, 'Add a new comment to say more');
    }
    return this.store.comments.update(id, patch) ?? this.requireComment(id);
  }

  remove(id: string): void {
    this.requireComment(id);
    this.store.comments.remove(id);
  }

  /**
   * Starts one follow-up quoting the task's unsent, unresolved comments (or those of them
   * `ids` names) and records the turn that carries them.
   */
  send(taskId: string, ids?: readonly string[]): SentComments {
    const task = this.requireTask(taskId);
    if (!FINAL_STATUSES.includes(task.status)) {
      throw new ActionableError(`Task ${taskId} is ${task.status}, so its comments cannot be sent yet`, 'They are kept; send them when the agent has finished this turn, or cancel it first');
    }
    const pending = this.store.comments.list(taskId).filter((c) => c.sentTurn === null && !c.resolved);
    const chosen = ids ? this.pick(taskId, pending, ids) : pending;
    if (chosen.length === 0) {
      throw new ActionableError(`Task ${taskId} has no unsent comments`, 'Add a comment on a line of its diff first, or reopen a resolved one');
    }
    const queued = this.tasks.followUp(taskId, reviewPrompt(chosen));
    // The follow-up's turn is the task's last: nothing else can add one while it is queued.
    const turn = this.store.turns.list(taskId).at(-1)?.turn ?? 1;
    this.store.comments.markSent(chosen.map((c) => c.id), turn);
    return { task: queued, turn, comments: this.store.comments.list(taskId) };
  }

  /** The named comments, each of which must be one of the task's that can still be sent. */
  private pick(taskId: string, pending: readonly Comment[], ids: readonly string[]): Comment[] {
    const wanted = new Set(ids);
    for (const id of wanted) {
      if (pending.some((c) => c.id === id)) continue;
      const comment = this.store.comments.get(id);
      if (!comment || comment.taskId !== taskId) throw new ActionableError(`Task ${taskId} has no comment ${id}`, 'Refresh the review panel and pick its comments again');
      if (comment.sentTurn !== null) throw new ActionableError(`Comment ${id} was already sent to the agent in turn ${comment.sentTurn}`, 'Leave it out, or add a new comment');
      throw new ActionableError(`Comment ${id} is resolved`, 'Reopen it to send it, or leave it out');
    }
    return pending.filter((c) => wanted.has(c.id));
  }

  private requireTask(taskId: string): Task {
    const task = this.store.tasks.get(taskId);
    if (!task) throw new ActionableError(`There is no task ${taskId}`, 'It may have been deleted; refresh the list');
    return task;
  }

  private requireComment(id: string): Comment {
    const comment = this.store.comments.get(id);
    if (!comment) throw new ActionableError(`There is no comment ${id}`, 'It may have been deleted; refresh the review panel');
    return comment;
  }
}
