import type { Database } from 'better-sqlite3';
import { systemClock, type Clock } from './clock.js';
import { CommentQueries } from './comments.js';
import { openDatabase } from './database.js';
import { EnvironmentQueries } from './environments.js';
import { EventLog } from './eventLog.js';
import { FindingQueries } from './findings.js';
import type { EventLogOptions } from './eventLog.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';
import { ProviderQueries } from './providers.js';
import { SettingQueries } from './settings.js';
import { TaskQueries } from './tasks.js';
import { TurnQueries } from './turns.js';

export interface StoreOptions {
  /** Path to a better_sqlite3.node built for this runtime (Electron ships its own build). */
  nativeBinding?: string;
  eventLog?: EventLogOptions;
  /** Time for created/updated stamps and event ts; the system clock unless a test moves its own. */
  clock?: Clock;
}

/** Everything Codebay keeps in its SQLite file. */
export interface Store {
  readonly file: string;
  /** For transactions spanning several query groups (db.transaction). */
  readonly db: Database;
  readonly environments: EnvironmentQueries;
  readonly providers: ProviderQueries;
  readonly settings: SettingQueries;
  readonly tasks: TaskQueries;
  readonly turns: TurnQueries;
  readonly comments: CommentQueries;
  readonly findings: FindingQueries;
  readonly events: EventLog;
  /** Flushes queued events, then closes the file. */
  close(): void;
}

/** Opens the database (creating file and folder if needed) and migrates it to the latest schema. */
export function openStore(file: string, options: StoreOptions = {}): Store {
  const db = openDatabase(file, options);
  try {
    migrate(db, MIGRATIONS, file);
    const clock = options.clock ?? systemClock;
    const events = new EventLog(db, { clock, ...options.eventLog });
    return {
      file,
      db,
      environments: new EnvironmentQueries(db, clock),
      providers: new ProviderQueries(db, clock),
      settings: new SettingQueries(db, clock),
      tasks: new TaskQueries(db, clock),
      turns: new TurnQueries(db),
      comments: new CommentQueries(db, clock),
      findings: new FindingQueries(db, clock),
      events,
      close: () => {
        try {
          events.close();
        } finally {
          db.close();
        }
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
