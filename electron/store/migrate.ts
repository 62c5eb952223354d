import type { Database } from 'better-sqlite3';
import { ActionableError, errorText } from '../errors.js';
import type { Migration } from './migrations.js';

export interface MigrationResult {
  from: number;
  to: number;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to the last migration, one transaction per
 * migration so a failure leaves it at the previous version. The write lock is
 * taken before the version is read, so two processes opening the same file
 * cannot both apply a migration.
 */
export function migrate(db: Database, migrations: readonly Migration[], label: string): MigrationResult {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}; expected ${index + 1}`);
    }
  });
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new ActionableError(
      `The database ${label} has schema version ${from}, newer than the ${latest} this version of Codebay knows`,
      'It was written by a newer Codebay: update Codebay, or set CODEBAY_HOME to another folder',
    );
  }
  for (const migration of migrations.slice(from)) {
    const apply = db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      if (migration.rebuildsTables) refuseBrokenReferences(db);
      db.pragma(`user_version = ${migration.version}`);
    });
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
    // Only outside a transaction does SQLite let foreign keys be switched off.
    if (migration.rebuildsTables && foreignKeys) db.pragma('foreign_keys = OFF');
    try {
      apply.immediate();
    } catch (error) {
      throw new ActionableError(
        `Migration ${migration.version} ("${migration.name}") failed on ${label}: ${errorText(error)}; ` +
          `the database stays at schema version ${schemaVersion(db)}`,
        'Keep the file and report this as a Codebay bug; meanwhile set CODEBAY_HOME to another folder to start fresh',
        { cause: error },
      );
    } finally {
      if (migration.rebuildsTables && foreignKeys) db.pragma('foreign_keys = ON');
    }
  }
  return { from, to: latest };
}

/** A rebuilt table must leave every reference to it whole, as it was. */
function refuseBrokenReferences(db: Database): void {
  const broken = db.pragma('foreign_key_check') as Array<{ table: string; parent: string }>;
  if (broken.length > 0) {
    const first = broken[0];
    throw new Error(`${broken.length} rows lost what they refer to (first: a row of ${first?.table} pointing into ${first?.parent})`);
  }
}
