import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ActionableError, errorText } from '../errors.js';

export interface DatabaseOptions {
  /** Path to a better_sqlite3.node built for this runtime (Electron ships its own build). */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) the SQLite file with the settings the store relies
 * on: WAL so readers never block the event writer, enforced foreign keys, a
 * busy timeout for a second process (the CLI) and NORMAL sync, which in WAL
 * mode can lose the last commits on power loss but never corrupts the file.
 */
export function openDatabase(file: string, options: DatabaseOptions = {}): Database.Database {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ActionableError(
      `Could not create the folder for the database ${file}: ${errorText(error)}`,
      'Check that the data folder (CODEBAY_HOME) is writable',
      { cause: error },
    );
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Task logs, prompts and results are the user's alone; SQLite gives the WAL and shm files the database's mode.
    chmodSync(file, 0o600);
    return db;
  } catch (error) {
    db?.close();
    throw new ActionableError(
      `Could not open the database ${file}: ${errorText(error)}`,
      'If the file is damaged or not a Codebay database, move it aside and start Codebay again to create a new one',
      { cause: error },
    );
  }
}
