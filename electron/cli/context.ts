import { createApp, type App } from '../app.js';
import { ActionableError } from '../errors.js';
import type { Task } from '../store/types.js';

/**
 * Opens the engine for one command and always closes it. A command lives
 * only as long as its tasks, so it keeps no warm pool unless CODEBAY_POOL_SIZE asks.
 */
export async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const app = createApp({ poolSize: Number(process.env.CODEBAY_POOL_SIZE ?? 0) || 0 });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/**
 * A task by its id, or by a unique end of it: the list shows the last 8
 * characters, the random part of the id (the start is a timestamp shared by neighbours).
 */
export function findTask(app: App, idOrSuffix: string): Task {
  const exact = app.store.tasks.get(idOrSuffix);
  if (exact) return exact;
  const suffix = idOrSuffix.toLowerCase();
  if (suffix.length >= 4) {
    const matches = app.store.db
      .prepare('SELECT id FROM tasks WHERE id LIKE ? ESCAPE \'\\\' LIMIT 3')
      .all(`%${suffix.replace(/[\\%_]/g, '\\$&')}`) as Array<{ id: string }>;
    if (matches.length === 1 && matches[0]) return app.store.tasks.get(matches[0].id) as Task;
    if (matches.length > 1) throw new ActionableError(`"${idOrSuffix}" matches several tasks`, 'Give more characters of the id');
  }
  throw new ActionableError(`There is no task "${idOrSuffix}"`, 'List tasks with `codebay ls`');
}

export function shortId(id: string): string {
  return id.slice(-8);
}
