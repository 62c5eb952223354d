import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from './clock.js';
import type { JsonValue } from './types.js';

interface SettingRow {
  name: string;
  value: string;
}

/** App preferences as JSON values under string names. Not a place for secrets. */
export class SettingQueries {
  private readonly getStatement: Statement<[string], SettingRow>;
  private readonly allStatement: Statement<[], SettingRow>;
  private readonly setStatement: Statement<[string, string, number]>;
  private readonly removeStatement: Statement<[string]>;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.getStatement = db.prepare('SELECT name, value FROM settings WHERE name = ?');
    this.allStatement = db.prepare('SELECT name, value FROM settings ORDER BY name');
    this.setStatement = db.prepare(
      'INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.removeStatement = db.prepare('DELETE FROM settings WHERE name = ?');
  }

  get(name: string): JsonValue | undefined {
    const row = this.getStatement.get(name);
    return row === undefined ? undefined : (JSON.parse(row.value) as JsonValue);
  }

  set(name: string, value: JsonValue): void {
    this.setStatement.run(name, JSON.stringify(value), this.clock.now());
  }

  all(): Record<string, JsonValue> {
    return Object.fromEntries(this.allStatement.all().map((row) => [row.name, JSON.parse(row.value) as JsonValue]));
  }

  remove(name: string): boolean {
    return this.removeStatement.run(name).changes > 0;
  }
}
