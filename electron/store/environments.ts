import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from './clock.js';
import { newId } from './ids.js';
import { TableMapping, bool, json, plain } from './tableMapping.js';
import type { ColumnMap } from './tableMapping.js';
import type { Environment, EnvironmentInput, EnvironmentPatch } from './types.js';
import { withUniqueName } from './uniqueName.js';

const COLUMNS: ColumnMap<Environment> = {
  id: plain('id'),
  name: plain('name'),
  repoPath: plain('repo_path'),
  baseBranch: plain('base_branch'),
  image: plain('image'),
  setupScript: plain('setup_script'),
  envVars: json('env_vars'),
  secretNames: json('secret_names'),
  agentNetwork: bool('agent_network'),
  agent: plain('agent'),
  checks: json('checks'),
  cpus: plain('cpus'),
  memoryBytes: plain('memory_bytes'),
  pidsLimit: plain('pids_limit'),
  diskBytes: plain('disk_bytes'),
  timeLimitMs: plain('time_limit_ms'),
  createdAt: plain('created_at'),
  updatedAt: plain('updated_at'),
};

export class EnvironmentQueries {
  private readonly table: TableMapping<Environment>;
  private readonly getStatement: Statement<[string]>;
  private readonly listStatement: Statement<[]>;
  private readonly removeStatement: Statement<[string]>;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.table = new TableMapping(db, 'environments', COLUMNS);
    this.getStatement = db.prepare(`SELECT ${this.table.selectList} FROM environments WHERE id = ?`);
    this.listStatement = db.prepare(`SELECT ${this.table.selectList} FROM environments ORDER BY name COLLATE NOCASE, id`);
    this.removeStatement = db.prepare('DELETE FROM environments WHERE id = ?');
  }

  create(input: EnvironmentInput): Environment {
    const now = this.clock.now();
    const environment: Environment = {
      id: newId(now),
      name: input.name,
      repoPath: input.repoPath ?? null,
      baseBranch: input.baseBranch ?? null,
      image: input.image ?? null,
      setupScript: input.setupScript ?? '',
      envVars: input.envVars ?? {},
      secretNames: input.secretNames ?? [],
      agentNetwork: input.agentNetwork ?? false,
      agent: input.agent ?? null,
      checks: input.checks ?? [],
      cpus: input.cpus ?? null,
      memoryBytes: input.memoryBytes ?? null,
      pidsLimit: input.pidsLimit ?? null,
      diskBytes: input.diskBytes ?? null,
      timeLimitMs: input.timeLimitMs ?? null,
      createdAt: now,
      updatedAt: now,
    };
    withUniqueName('an environment', environment.name, () => this.table.insert(environment));
    return environment;
  }

  get(id: string): Environment | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : this.table.fromRow(row);
  }

  list(): Environment[] {
    return this.listStatement.all().map((row) => this.table.fromRow(row));
  }

  /** Returns the environment as updated, or undefined when there is none with this id. */
  update(id: string, patch: EnvironmentPatch): Environment | undefined {
    withUniqueName('an environment', patch.name, () =>
      this.table.update({ ...patch, updatedAt: this.clock.now() }, 'id = @where_id', { where_id: id }),
    );
    return this.get(id);
  }

  /** Tasks that used the environment keep their history; their environmentId becomes null. */
  remove(id: string): boolean {
    return this.removeStatement.run(id).changes > 0;
  }
}
