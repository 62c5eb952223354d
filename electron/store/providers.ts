import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from './clock.js';
import { newId } from './ids.js';
import { TableMapping, bool, json, plain } from './tableMapping.js';
import type { ColumnMap } from './tableMapping.js';
import type { Provider, ProviderInput, ProviderPatch } from './types.js';
import { withUniqueName } from './uniqueName.js';

const COLUMNS: ColumnMap<Provider> = {
  id: plain('id'),
  name: plain('name'),
  preset: plain('preset'),
  baseUrl: plain('base_url'),
  wire: plain('wire'),
  model: plain('model'),
  extraHeaders: json('extra_headers'),
  contextWindow: plain('context_window'),
  hasKey: bool('has_key'),
  createdAt: plain('created_at'),
  updatedAt: plain('updated_at'),
};

/** Provider settings only: API keys live in safeStorage or a 0600 file, never here. */
export class ProviderQueries {
  private readonly table: TableMapping<Provider>;
  private readonly getStatement: Statement<[string]>;
  private readonly listStatement: Statement<[]>;
  private readonly removeStatement: Statement<[string]>;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.table = new TableMapping(db, 'providers', COLUMNS);
    this.getStatement = db.prepare(`SELECT ${this.table.selectList} FROM providers WHERE id = ?`);
    this.listStatement = db.prepare(`SELECT ${this.table.selectList} FROM providers ORDER BY name COLLATE NOCASE, id`);
    this.removeStatement = db.prepare('DELETE FROM providers WHERE id = ?');
  }

  create(input: ProviderInput): Provider {
    const now = this.clock.now();
    const provider: Provider = {
      id: newId(now),
      name: input.name,
      preset: input.preset ?? 'custom',
      baseUrl: input.baseUrl,
      wire: input.wire,
      model: input.model,
      extraHeaders: input.extraHeaders ?? {},
      contextWindow: input.contextWindow ?? null,
      hasKey: input.hasKey ?? false,
      createdAt: now,
      updatedAt: now,
    };
    withUniqueName('a provider', provider.name, () => this.table.insert(provider));
    return provider;
  }

  get(id: string): Provider | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : this.table.fromRow(row);
  }

  list(): Provider[] {
    return this.listStatement.all().map((row) => this.table.fromRow(row));
  }

  /** Returns the provider as updated, or undefined when there is none with this id. */
  update(id: string, patch: ProviderPatch): Provider | undefined {
    withUniqueName('a provider', patch.name, () =>
      this.table.update({ ...patch, updatedAt: this.clock.now() }, 'id = @where_id', { where_id: id }),
    );
    return this.get(id);
  }

  /** Tasks that used the provider keep their history; their providerId becomes null. */
  remove(id: string): boolean {
    return this.removeStatement.run(id).changes > 0;
  }
}
