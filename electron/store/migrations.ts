import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3, ... in order; the database records the last one applied in PRAGMA user_version. */
  version: number;
  name: string;
  up: string | ((db: Database) => void);
  /**
   * The migration drops and recreates tables others refer to, so foreign keys are off while it
   * runs (dropping a table would otherwise cascade its delete into theirs) and checked before it commits.
   */
  rebuildsTables?: true;
}

/**
 * The schema's history. Never edit a shipped migration: users' databases
 * already ran it. Add the next number instead.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial tables',
    up: `
      CREATE TABLE environments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        repo_path TEXT,
        base_branch TEXT,
        image TEXT,
        setup_script TEXT NOT NULL DEFAULT '',
        env_vars TEXT NOT NULL DEFAULT '{}',
        secret_names TEXT NOT NULL DEFAULT '[]',
        agent_network INTEGER NOT NULL DEFAULT 0 CHECK (agent_network IN (0, 1)),
        cpus REAL,
        memory_bytes INTEGER,
        pids_limit INTEGER,
        time_limit_ms INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE providers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        preset TEXT NOT NULL,
        base_url TEXT NOT NULL,
        wire TEXT NOT NULL CHECK (wire IN ('responses', 'chat')),
        model TEXT NOT NULL,
        extra_headers TEXT NOT NULL DEFAULT '{}',
        context_window INTEGER,
        has_key INTEGER NOT NULL DEFAULT 0 CHECK (has_key IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        prompt TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('code', 'ask')),
        status TEXT NOT NULL
          CHECK (status IN ('queued', 'preparing', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        phase TEXT,
        environment_id TEXT REFERENCES environments (id) ON DELETE SET NULL,
        repo_path TEXT NOT NULL,
        base_ref TEXT,
        base_commit TEXT,
        include_uncommitted INTEGER NOT NULL DEFAULT 0 CHECK (include_uncommitted IN (0, 1)),
        group_id TEXT,
        attempt INTEGER NOT NULL DEFAULT 1,
        attempts_total INTEGER NOT NULL DEFAULT 1,
        model TEXT,
        provider_id TEXT REFERENCES providers (id) ON DELETE SET NULL,
        lines_added INTEGER NOT NULL DEFAULT 0,
        lines_removed INTEGER NOT NULL DEFAULT 0,
        files_changed INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        exported_at INTEGER,
        branch_name TEXT,
        branched_at INTEGER,
        pushed_to TEXT,
        pushed_at INTEGER,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        deadline_at INTEGER,
        container_id TEXT,
        conversation TEXT
      ) STRICT;

      CREATE TABLE turns (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        turn INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        status TEXT NOT NULL
          CHECK (status IN ('queued', 'preparing', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        summary TEXT,
        error TEXT,
        result_ref TEXT,
        base_ref TEXT,
        lines_added INTEGER NOT NULL DEFAULT 0,
        lines_removed INTEGER NOT NULL DEFAULT 0,
        files_changed INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        started_at INTEGER,
        finished_at INTEGER,
        PRIMARY KEY (task_id, turn)
      ) STRICT;

      -- Clustered by (task_id, seq): a task's log pages are contiguous on disk.
      CREATE TABLE events (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        type TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (task_id, seq)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'task log accounting and list indexes',
    up: `
      -- The event log's per-task byte counters, so the output cap survives restarts.
      ALTER TABLE tasks ADD COLUMN log_bytes INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE tasks ADD COLUMN log_dropped_bytes INTEGER NOT NULL DEFAULT 0;

      CREATE INDEX tasks_newest_first ON tasks (archived, created_at DESC, id DESC);
      CREATE INDEX tasks_by_status ON tasks (status);
      CREATE INDEX tasks_by_group ON tasks (group_id) WHERE group_id IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'task ownership and cross-process cancel',
    up: `
      -- Which engine process runs the task ("host:pid:instance"), so another
      -- process (CLI beside the app) neither runs it twice nor calls it orphaned.
      ALTER TABLE tasks ADD COLUMN owner TEXT;
      -- Set by a process that does not own the task; the owner polls it.
      ALTER TABLE tasks ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1));
    `,
  },
  {
    version: 4,
    name: 'disk limit per environment',
    up: `
      -- Bytes a sandbox may use on disk (its own layer plus its workspace); NULL means the default.
      ALTER TABLE environments ADD COLUMN disk_bytes INTEGER;
    `,
  },
  {
    version: 5,
    name: 'agent backends',
    up: `
      -- Which agent runs the task: 'built-in' or an agent CLI (no CHECK: new backends need no migration).
      ALTER TABLE tasks ADD COLUMN agent TEXT NOT NULL DEFAULT 'built-in';
      -- The agent CLI's own session id, so a follow-up in the same sandbox resumes it.
      ALTER TABLE tasks ADD COLUMN agent_session TEXT;
      -- The environment's default agent; NULL means the built-in one.
      ALTER TABLE environments ADD COLUMN agent TEXT;
    `,
  },
  {
    version: 6,
    name: 'checks',
    up: `
      -- Commands run after every Code turn, as JSON [{name, command, timeoutMs}].
      ALTER TABLE environments ADD COLUMN checks TEXT NOT NULL DEFAULT '[]';
      -- Checks added for one task only (codebay exec --check), same shape.
      ALTER TABLE tasks ADD COLUMN extra_checks TEXT NOT NULL DEFAULT '[]';
      -- How the turn's checks went, and the task's latest; NULL when none ran.
      ALTER TABLE turns ADD COLUMN checks_passed INTEGER;
      ALTER TABLE turns ADD COLUMN checks_failed INTEGER;
      ALTER TABLE tasks ADD COLUMN checks_passed INTEGER;
      ALTER TABLE tasks ADD COLUMN checks_failed INTEGER;
    `,
  },
  {
    version: 7,
    name: 'review comments',
    up: `
      -- A reviewer's comments on lines of a task's diff, sent back to the agent as one follow-up.
      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        -- The turn whose diff showed the lines; NULL for the diff of all turns.
        turn INTEGER,
        side TEXT NOT NULL CHECK (side IN ('original', 'modified')),
        path TEXT NOT NULL,
        start_line INTEGER NOT NULL CHECK (start_line >= 1),
        end_line INTEGER NOT NULL CHECK (end_line >= start_line),
        -- The code those lines held when the comment was written, capped by the API.
        quote TEXT NOT NULL,
        body TEXT NOT NULL,
        resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
        -- The follow-up turn that carried the comment to the agent; NULL until it is sent.
        sent_turn INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX comments_by_task ON comments (task_id, created_at);
    `,
  },
  {
    version: 8,
    name: 'chosen attempt',
    up: `
      -- The attempt of a best-of-N the user chose ("Use this attempt"); its siblings are archived.
      ALTER TABLE tasks ADD COLUMN chosen INTEGER NOT NULL DEFAULT 0 CHECK (chosen IN (0, 1));
    `,
  },
  {
    version: 9,
    name: 'review mode',
    rebuildsTables: true,
    up: (db) => {
      // Modes are descriptors in code (shared/modes.ts), so the column takes any name they add.
      rebuildWithout(db, 'tasks', " CHECK (mode IN ('code', 'ask'))");
      db.exec(`
        -- What a review task reviews, as JSON {kind: 'task', taskId} | {kind: 'branch', branch, base} | {kind: 'uncommitted'}.
        ALTER TABLE tasks ADD COLUMN review_target TEXT;
        -- The commit the reviewed change starts from; the task's base commit is where it ends.
        ALTER TABLE tasks ADD COLUMN review_base TEXT;
        -- Findings neither dismissed nor being fixed, kept with the row so lists need no count.
        ALTER TABLE tasks ADD COLUMN findings_open INTEGER NOT NULL DEFAULT 0;

        -- What a review reported, one row per finding; "Fix this" and "Dismiss" change its status.
        CREATE TABLE findings (
          id TEXT PRIMARY KEY,
          task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
          turn INTEGER NOT NULL,
          priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),
          title TEXT NOT NULL,
          body TEXT NOT NULL,
          path TEXT NOT NULL,
          start_line INTEGER NOT NULL CHECK (start_line >= 1),
          end_line INTEGER NOT NULL CHECK (end_line >= start_line),
          confidence REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
          status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'fixing')),
          -- The task (the reviewed one, or a new one) and turn that "Fix this" started.
          fix_task_id TEXT REFERENCES tasks (id) ON DELETE SET NULL,
          fix_turn INTEGER,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX findings_by_task ON findings (task_id, priority, created_at);
      `);
    },
  },
  {
    version: 10,
    name: 'task activity and work time',
    up: `
      -- What a running turn is doing now, as JSON {text, since}; NULL between turns.
      ALTER TABLE tasks ADD COLUMN activity TEXT;
      -- When the turn in progress started; NULL when none runs.
      ALTER TABLE tasks ADD COLUMN turn_started_at INTEGER;
      -- Time spent in finished turns, so elapsed time leaves out the idle time between them.
      ALTER TABLE tasks ADD COLUMN work_ms INTEGER NOT NULL DEFAULT 0;
      UPDATE tasks SET work_ms = (
        SELECT coalesce(sum(finished_at - started_at), 0) FROM turns
        WHERE turns.task_id = tasks.id AND started_at IS NOT NULL AND finished_at IS NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: 'shipped commit',
    up: `
      -- The newest commit Codebay made with the user's message to ship the task (its tree is
      -- turn ship_turn's result), so later turns stack on it and it counts as that turn.
      ALTER TABLE tasks ADD COLUMN ship_commit TEXT;
      ALTER TABLE tasks ADD COLUMN ship_turn INTEGER;
    `,
  },
];

/**
 * Recreates a table with one piece of its definition taken out (SQLite cannot drop a
 * constraint in place), keeping its rows and its indexes.
 */
function rebuildWithout(db: Database, table: string, piece: string): void {
  const definition = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table);
  if (typeof definition !== 'string' || !definition.includes(piece)) {
    throw new Error(`table ${table} is not defined as this migration expects (no "${piece.trim()}" in it)`);
  }
  const indexes = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(table) as string[];
  const rebuilt = `${table}_rebuilt`;
  db.exec(definition.replace(piece, '').replace(/^CREATE TABLE "?\w+"?/, `CREATE TABLE ${rebuilt}`));
  db.exec(`INSERT INTO ${rebuilt} SELECT * FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${rebuilt} RENAME TO ${table}`);
  for (const index of indexes) db.exec(index);
}
