import type { Database, Statement } from 'better-sqlite3';
import { ActionableError } from '../errors.js';
import { TableMapping, plain } from './tableMapping.js';
import type { ColumnMap } from './tableMapping.js';
import type { Turn, TurnInput, TurnPatch } from './types.js';

const COLUMNS: ColumnMap<Turn> = {
  taskId: plain('task_id'),
  turn: plain('turn'),
  prompt: plain('prompt'),
  status: plain('status'),
  summary: plain('summary'),
  error: plain('error'),
  resultRef: plain('result_ref'),
  baseRef: plain('base_ref'),
  linesAdded: plain('lines_added'),
  linesRemoved: plain('lines_removed'),
  filesChanged: plain('files_changed'),
  inputTokens: plain('input_tokens'),
  outputTokens: plain('output_tokens'),
  startedAt: plain('started_at'),
  finishedAt: plain('finished_at'),
  checksPassed: plain('checks_passed'),
  checksFailed: plain('checks_failed'),
};

const WHERE_TURN = 'task_id = @where_task AND turn = @where_turn';

export class TurnQueries {
  private readonly table: TableMapping<Turn>;
  private readonly getStatement: Statement<[string, number]>;
  private readonly listStatement: Statement<[string]>;
  private readonly lastTurnStatement: Statement<[string], { last: number | null }>;
  private readonly taskExistsStatement: Statement<[string], { found: number }>;
  private readonly removeStatement: Statement<[string, number]>;

  constructor(private readonly db: Database) {
    this.table = new TableMapping(db, 'turns', COLUMNS);
    this.getStatement = db.prepare(`SELECT ${this.table.selectList} FROM turns WHERE task_id = ? AND turn = ?`);
    this.listStatement = db.prepare(`SELECT ${this.table.selectList} FROM turns WHERE task_id = ? ORDER BY turn`);
    this.lastTurnStatement = db.prepare('SELECT max(turn) AS last FROM turns WHERE task_id = ?');
    this.taskExistsStatement = db.prepare('SELECT 1 AS found FROM tasks WHERE id = ?');
    this.removeStatement = db.prepare('DELETE FROM turns WHERE task_id = ? AND turn = ?');
  }

  /** Adds the task's next turn (1 for the first prompt, then one per follow-up). */
  create(taskId: string, input: TurnInput): Turn {
    const add = this.db.transaction((): Turn => {
      if (!this.taskExistsStatement.get(taskId)) {
        throw new ActionableError(`Cannot add a turn to task ${taskId}: there is no such task`, 'Create the task first');
      }
      const turn: Turn = {
        taskId,
        turn: (this.lastTurnStatement.get(taskId)?.last ?? 0) + 1,
        prompt: input.prompt,
        status: input.status ?? 'queued',
        summary: null,
        error: null,
        resultRef: null,
        baseRef: input.baseRef ?? null,
        linesAdded: 0,
        linesRemoved: 0,
        filesChanged: 0,
        inputTokens: 0,
        outputTokens: 0,
        startedAt: input.startedAt ?? null,
        finishedAt: null,
        checksPassed: null,
        checksFailed: null,
      };
      this.table.insert(turn);
      return turn;
    });
    return add.immediate();
  }

  get(taskId: string, turn: number): Turn | undefined {
    const row = this.getStatement.get(taskId, turn);
    return row === undefined ? undefined : this.table.fromRow(row);
  }

  /** The task's turns in order. */
  list(taskId: string): Turn[] {
    return this.listStatement.all(taskId).map((row) => this.table.fromRow(row));
  }

  /** Returns the turn as updated, or undefined when it does not exist. Its status changes through changeState. */
  update(taskId: string, turn: number, patch: TurnPatch): Turn | undefined {
    this.table.update(patch, WHERE_TURN, { where_task: taskId, where_turn: turn });
    return this.get(taskId, turn);
  }

  /** Writes the status as it is: only changeState (store/stateChanges.ts), which checks the move, calls it. */
  writeState(taskId: string, turn: number, status: Turn['status'], patch: TurnPatch = {}): Turn | undefined {
    this.table.update({ ...patch, status }, WHERE_TURN, { where_task: taskId, where_turn: turn });
    return this.get(taskId, turn);
  }

  remove(taskId: string, turn: number): boolean {
    return this.removeStatement.run(taskId, turn).changes > 0;
  }
}
