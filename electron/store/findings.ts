import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from './clock.js';
import { TableMapping, plain } from './tableMapping.js';
import type { ColumnMap } from './tableMapping.js';
import type { Finding, FindingInput, FindingPatch } from './types.js';

const COLUMNS: ColumnMap<Finding> = {
  id: plain('id'),
  taskId: plain('task_id'),
  turn: plain('turn'),
  priority: plain('priority'),
  title: plain('title'),
  body: plain('body'),
  path: plain('path'),
  startLine: plain('start_line'),
  endLine: plain('end_line'),
  confidence: plain('confidence'),
  status: plain('status'),
  fixTaskId: plain('fix_task_id'),
  fixTurn: plain('fix_turn'),
  createdAt: plain('created_at'),
};

/** What review tasks reported; each change also recounts its task's open findings, in the same transaction. */
export class FindingQueries {
  private readonly table: TableMapping<Finding>;
  private readonly getStatement: Statement<[string]>;
  private readonly listStatement: Statement<[string]>;
  private readonly recountStatement: Statement<[string]>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.table = new TableMapping(db, 'findings', COLUMNS);
    this.getStatement = db.prepare(`SELECT ${this.table.selectList} FROM findings WHERE id = ?`);
    // Most urgent first, then in the order they were reported.
    this.listStatement = db.prepare(`SELECT ${this.table.selectList} FROM findings WHERE task_id = ? ORDER BY priority, created_at, id`);
    this.recountStatement = db.prepare("UPDATE tasks SET findings_open = (SELECT count(*) FROM findings WHERE task_id = tasks.id AND status = 'open') WHERE id = ?");
  }

  create(input: FindingInput): Finding {
    const finding: Finding = { ...input, status: 'open', fixTaskId: null, fixTurn: null, createdAt: this.clock.now() };
    this.db.transaction(() => {
      this.table.insert(finding);
      this.recountStatement.run(finding.taskId);
    })();
    return finding;
  }

  get(id: string): Finding | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : this.table.fromRow(row);
  }

  list(taskId: string): Finding[] {
    return this.listStatement.all(taskId).map((row) => this.table.fromRow(row));
  }

  /** Returns the finding as updated, or undefined when there is none with this id. */
  update(id: string, patch: FindingPatch): Finding | undefined {
    return this.db.transaction(() => {
      this.table.update(patch, 'id = @where_id', { where_id: id });
      const finding = this.get(id);
      if (finding) this.recountStatement.run(finding.taskId);
      return finding;
    })();
  }
}
