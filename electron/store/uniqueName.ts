import { ActionableError } from '../errors.js';

/** Turns SQLite's UNIQUE failure on a name column into an error that says which name clashed. */
export function withUniqueName<T>(what: string, name: string | undefined, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (isUniqueViolation(error) && name !== undefined) {
      throw new ActionableError(`There is already ${what} named "${name}"`, 'Choose another name', { cause: error });
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
  );
}
