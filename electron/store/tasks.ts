import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from './clock.js';
import { newId } from './ids.js';
import { TableMapping, bool, json, plain } from './tableMapping.js';
import type { ColumnMap } from './tableMapping.js';
import type { Task, TaskFilter, TaskInput, TaskPage, TaskPatch } from './types.js';

// conversation is deliberately absent: it can be large, so it is read and
// written on its own (getConversation/setConversation) and lists stay light.
const COLUMNS: ColumnMap<Task> = {
  id: plain('id'),
  title: plain('title'),
  prompt: plain('prompt'),
  mode: plain('mode'),
  status: plain('status'),
  phase: plain('phase'),
  environmentId: plain('environment_id'),
  repoPath: plain('repo_path'),
  baseRef: plain('base_ref'),
  baseCommit: plain('base_commit'),
  includeUncommitted: bool('include_uncommitted'),
  groupId: plain('group_id'),
  attempt: plain('attempt'),
  attemptsTotal: plain('attempts_total'),
  agent: plain('agent'),
  agentSession: plain('agent_session'),
  extraChecks: json('extra_checks'),
  checksPassed: plain('checks_passed'),
  checksFailed: plain('checks_failed'),
  chosen: bool('chosen'),
  reviewTarget: json('review_target'),
  reviewBase: plain('review_base'),
  findingsOpen: plain('findings_open'),
  model: plain('model'),
  providerId: plain('provider_id'),
  linesAdded: plain('lines_added'),
  linesRemoved: plain('lines_removed'),
  filesChanged: plain('files_changed'),
  inputTokens: plain('input_tokens'),
  outputTokens: plain('output_tokens'),
  error: plain('error'),
  archived: bool('archived'),
  exportedAt: plain('exported_at'),
  branchName: plain('branch_name'),
  branchedAt: plain('branched_at'),
  pushedTo: plain('pushed_to'),
  pushedAt: plain('pushed_at'),
  shipCommit: plain('ship_commit'),
  shipTurn: plain('ship_turn'),
  createdAt: plain('created_at'),
  startedAt: plain('started_at'),
  finishedAt: plain('finished_at'),
  activity: json('activity'),
  workMs: plain('work_ms'),
  turnStartedAt: plain('turn_started_at'),
  deadlineAt: plain('deadline_at'),
  containerId: plain('container_id'),
  logBytes: plain('log_bytes'),
  logDroppedBytes: plain('log_dropped_bytes'),
  owner: plain('owner'),
  cancelRequested: bool('cancel_requested'),
};

const DEFAULT_PAGE_SIZE = 50;

interface Query {
  where: string;
  params: Record<string, unknown>;
}

export class TaskQueries {
  private readonly table: TableMapping<Task>;
  private readonly getStatement: Statement<[string]>;
  private readonly getConversationStatement: Statement<[string], { conversation: string | null }>;
  private readonly setConversationStatement: Statement<[string | null, string]>;
  private readonly listStatements = new Map<string, Statement>();
  private readonly countStatements = new Map<string, Statement<unknown[], { total: number }>>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.table = new TableMapping(db, 'tasks', COLUMNS);
    this.getStatement = db.prepare(`SELECT ${this.table.selectList} FROM tasks WHERE id = ?`);
    this.getConversationStatement = db.prepare('SELECT conversation FROM tasks WHERE id = ?');
    this.setConversationStatement = db.prepare('UPDATE tasks SET conversation = ? WHERE id = ?');
  }

  /** A new task in status queued. */
  create(input: TaskInput): Task {
    const now = this.clock.now();
    const task: Task = {
      id: newId(now),
      title: input.title,
      prompt: input.prompt,
      mode: input.mode,
      status: 'queued',
      phase: null,
      environmentId: input.environmentId ?? null,
      repoPath: input.repoPath,
      baseRef: input.baseRef ?? null,
      baseCommit: input.baseCommit ?? null,
      includeUncommitted: input.includeUncommitted ?? false,
      groupId: input.groupId ?? null,
      attempt: input.attempt ?? 1,
      attemptsTotal: input.attemptsTotal ?? 1,
      agent: input.agent ?? 'built-in',
      agentSession: null,
      extraChecks: input.extraChecks ?? [],
      checksPassed: null,
      checksFailed: null,
      chosen: false,
      reviewTarget: input.reviewTarget ?? null,
      reviewBase: input.reviewBase ?? null,
      findingsOpen: 0,
      model: input.model ?? null,
      providerId: input.providerId ?? null,
      linesAdded: 0,
      linesRemoved: 0,
      filesChanged: 0,
      inputTokens: 0,
      outputTokens: 0,
      error: null,
      archived: false,
      exportedAt: null,
      branchName: null,
      branchedAt: null,
      pushedTo: null,
      pushedAt: null,
      shipCommit: null,
      shipTurn: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      activity: null,
      workMs: 0,
      turnStartedAt: null,
      deadlineAt: input.deadlineAt ?? null,
      containerId: null,
      logBytes: 0,
      logDroppedBytes: 0,
      owner: null,
      cancelRequested: false,
    };
    this.table.insert(task);
    return task;
  }

  get(id: string): Task | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : this.table.fromRow(row);
  }

  /**
   * Takes a task for `owner` when it is queued and nobody runs it: the one
   * atomic step that keeps two engine processes from running the same task.
   */
  claim(id: string, owner: string): Task | undefined {
    const changed = this.db
      .prepare("UPDATE tasks SET owner = ?, cancel_requested = 0 WHERE id = ? AND status = 'queued' AND owner IS NULL")
      .run(owner, id).changes;
    return changed === 1 ? this.get(id) : undefined;
  }

  /** Returns the task as updated, or undefined when there is none with this id. Status and phase change through changeState. */
  update(id: string, patch: TaskPatch): Task | undefined {
    this.table.update(patch, 'id = @where_id', { where_id: id });
    return this.get(id);
  }

  /** Writes status and phase as they are: only changeState (store/stateChanges.ts), which checks the move, calls it. */
  writeState(id: string, state: Pick<Task, 'status' | 'phase'>, patch: TaskPatch = {}): Task | undefined {
    this.table.update({ ...patch, ...state }, 'id = @where_id', { where_id: id });
    return this.get(id);
  }

  /** Matching tasks, newest first; page with offset or, stable under inserts, with before. */
  list(filter: TaskFilter = {}, page: TaskPage = {}): Task[] {
    const query = whereClause(filter);
    const params = { ...query.params, limit: page.limit ?? DEFAULT_PAGE_SIZE, offset: page.offset ?? 0 };
    let where = query.where;
    if (page.before) {
      where += ' AND (created_at, id) < (@beforeCreatedAt, @beforeId)';
      Object.assign(params, { beforeCreatedAt: page.before.createdAt, beforeId: page.before.id });
    }
    const sql =
      `SELECT ${this.table.selectList} FROM tasks WHERE ${where} ` +
      'ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset';
    return this.cached(this.listStatements, sql)
      .all(params)
      .map((row) => this.table.fromRow(row));
  }

  /** How many tasks match, ignoring paging. */
  count(filter: TaskFilter = {}): number {
    const query = whereClause(filter);
    const sql = `SELECT count(*) AS total FROM tasks WHERE ${query.where}`;
    return this.cached(this.countStatements, sql).get(query.params)?.total ?? 0;
  }

  /** The agent's message history, kept so a follow-up can continue the conversation. */
  getConversation(id: string): unknown[] | undefined {
    const row = this.getConversationStatement.get(id);
    return row?.conversation ? (JSON.parse(row.conversation) as unknown[]) : undefined;
  }

  /** Returns false when there is no task with this id. */
  setConversation(id: string, messages: readonly unknown[] | null): boolean {
    return this.setConversationStatement.run(messages === null ? null : JSON.stringify(messages), id).changes > 0;
  }

  private cached<S extends Statement>(cache: Map<string, S>, sql: string): S {
    let statement = cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql) as S;
      cache.set(sql, statement);
    }
    return statement;
  }
}

function whereClause(filter: TaskFilter): Query {
  const conditions = ['1'];
  const params: Record<string, unknown> = {};
  if (filter.statuses) {
    // One statement serves any number of statuses.
    conditions.push('status IN (SELECT value FROM json_each(@statuses))');
    params.statuses = JSON.stringify(filter.statuses);
  }
  if (filter.archived !== undefined) {
    conditions.push('archived = @archived');
    params.archived = filter.archived ? 1 : 0;
  }
  const search = filter.search?.trim();
  if (search) {
    conditions.push("(title LIKE @search ESCAPE '\\' OR prompt LIKE @search ESCAPE '\\')");
    params.search = `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  }
  for (const [field, column] of [
    ['groupId', 'group_id'],
    ['environmentId', 'environment_id'],
    ['repoPath', 'repo_path'],
  ] as const) {
    const value = filter[field];
    if (value !== undefined) {
      conditions.push(`${column} = @${field}`);
      params[field] = value;
    }
  }
  return { where: conditions.join(' AND '), params };
}
