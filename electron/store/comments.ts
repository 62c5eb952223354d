import type { Database, Statement } from 'better-sqlite3';
import { ActionableError } from '../errors.js';
import type { Clock } from './clock.js';
import { newId } from './ids.js';
import { TableMapping, bool, plain } from './tableMapping.js';
import type { ColumnMap } from './tableMapping.js';
import type { Comment, CommentInput, CommentPatch } from './types.js';

const COLUMNS: ColumnMap<Comment> = {
  id: plain('id'),
  taskId: plain('task_id'),
  turn: plain('turn'),
  side: plain('side'),
  path: plain('path'),
  startLine: plain('start_line'),
  endLine: plain('end_line'),
  quote: plain('quote'),
  body: plain('body'),
  resolved: bool('resolved'),
  sentTurn: plain('sent_turn'),
  createdAt: plain('created_at'),
  updatedAt: plain('updated_at'),
};

/** A reviewer's comments on lines of a task's diff, kept until the task is deleted. */
export class CommentQueries {
  private readonly table: TableMapping<Comment>;
  private readonly getStatement: Statement<[string]>;
  private readonly listStatement: Statement<[string]>;
  private readonly taskExistsStatement: Statement<[string], { found: number }>;
  private readonly removeStatement: Statement<[string]>;
  private readonly markSentStatement: Statement<{ id: string; turn: number; now: number }>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.table = new TableMapping(db, 'comments', COLUMNS);
    this.getStatement = db.prepare(`SELECT ${this.table.selectList} FROM comments WHERE id = ?`);
    this.listStatement = db.prepare(`SELECT ${this.table.selectList} FROM comments WHERE task_id = ? ORDER BY created_at, id`);
    this.taskExistsStatement = db.prepare('SELECT 1 AS found FROM tasks WHERE id = ?');
    this.removeStatement = db.prepare('DELETE FROM comments WHERE id = ?');
    // Only a comment not sent yet: one already sent keeps the turn that carried it.
    this.markSentStatement = db.prepare('UPDATE comments SET sent_turn = @turn, updated_at = @now WHERE id = @id AND sent_turn IS NULL');
  }

  create(input: CommentInput): Comment {
    if (!this.taskExistsStatement.get(input.taskId)) {
      throw new ActionableError(`Cannot comment on task ${input.taskId}: there is no such task`, 'It may have been deleted; refresh the list');
    }
    const now = this.clock.now();
    const comment: Comment = { ...input, id: newId(now), resolved: false, sentTurn: null, createdAt: now, updatedAt: now };
    this.table.insert(comment);
    return comment;
  }

  get(id: string): Comment | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : this.table.fromRow(row);
  }

  /** The task's comments, oldest first. */
  list(taskId: string): Comment[] {
    return this.listStatement.all(taskId).map((row) => this.table.fromRow(row));
  }

  /** Returns the comment as updated, or undefined when there is none with this id. */
  update(id: string, patch: CommentPatch): Comment | undefined {
    this.table.update({ ...patch, updatedAt: this.clock.now() }, 'id = @where_id', { where_id: id });
    return this.get(id);
  }

  remove(id: string): boolean {
    return this.removeStatement.run(id).changes > 0;
  }

  /** Records the follow-up turn that carried these comments; returns how many were not sent before. */
  markSent(ids: readonly string[], turn: number): number {
    const now = this.clock.now();
    const mark = this.db.transaction(() => ids.reduce((count, id) => count + this.markSentStatement.run({ id, turn, now }).changes, 0));
    return mark();
  }
}
