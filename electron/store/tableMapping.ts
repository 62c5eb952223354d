import type { Database, Statement } from 'better-sqlite3';

type ColumnKind = 'plain' | 'bool' | 'json';

export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
}

/** One column for every field of T, so adding a field without a column fails to compile. */
export type ColumnMap<T> = { readonly [K in keyof T]-?: Column };

export const plain = (name: string): Column => ({ name, kind: 'plain' });
export const bool = (name: string): Column => ({ name, kind: 'bool' });
export const json = (name: string): Column => ({ name, kind: 'json' });

type Params = Record<string, unknown>;

/**
 * Moves objects of type T in and out of one table: camelCase fields become
 * snake_case columns, booleans become 0/1 and nested values become JSON text.
 * Field names double as the named SQL parameters.
 */
export class TableMapping<T extends object> {
  /** `col AS "field", ...` for SELECTs whose rows go through fromRow. */
  readonly selectList: string;
  private readonly fields: readonly (keyof T & string)[];
  private readonly insertStatement: Statement;
  private readonly updateStatements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    readonly table: string,
    private readonly columns: ColumnMap<T>,
  ) {
    this.fields = Object.keys(columns) as (keyof T & string)[];
    this.selectList = this.fields.map((field) => `${columns[field].name} AS "${field}"`).join(', ');
    const names = this.fields.map((field) => columns[field].name).join(', ');
    const values = this.fields.map((field) => `@${field}`).join(', ');
    this.insertStatement = db.prepare(`INSERT INTO ${table} (${names}) VALUES (${values})`);
  }

  fromRow(row: unknown): T {
    const source = row as Params;
    const result: Params = {};
    for (const field of this.fields) {
      const value = source[field];
      const kind = this.columns[field].kind;
      if (kind === 'bool') result[field] = value === 1;
      else if (kind === 'json') result[field] = typeof value === 'string' ? JSON.parse(value) : null;
      else result[field] = value;
    }
    return result as T;
  }

  insert(value: T): void {
    this.insertStatement.run(this.toParams(value));
  }

  /**
   * Sets the fields present in patch on the rows matching where, whose
   * parameters must be named @where_<something> to stay clear of field names.
   * Returns how many rows changed.
   */
  update(patch: Partial<T>, where: string, whereParams: Params): number {
    const fields = this.fields.filter((field) => patch[field] !== undefined);
    if (fields.length === 0) return 0;
    const key = fields.join(',') + '|' + where;
    let statement = this.updateStatements.get(key);
    if (!statement) {
      const assignments = fields.map((field) => `${this.columns[field].name} = @${field}`).join(', ');
      statement = this.db.prepare(`UPDATE ${this.table} SET ${assignments} WHERE ${where}`);
      this.updateStatements.set(key, statement);
    }
    return statement.run({ ...this.toParams(patch), ...whereParams }).changes;
  }

  private toParams(value: Partial<T>): Params {
    const params: Params = {};
    for (const field of this.fields) {
      const fieldValue: unknown = value[field];
      if (fieldValue === undefined) continue;
      const kind = this.columns[field].kind;
      if (kind === 'bool') params[field] = fieldValue ? 1 : 0;
      else if (kind === 'json') params[field] = fieldValue === null ? null : JSON.stringify(fieldValue);
      else params[field] = fieldValue;
    }
    return params;
  }
}
