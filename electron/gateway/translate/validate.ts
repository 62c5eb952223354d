import type { z } from 'zod';
import { TranslationError } from './errors.js';

type Issue = z.core.$ZodIssue;

/**
 * Parses hostile input with a schema and turns the first zod issue into a
 * TranslationError naming the path, e.g. `request.input[2].call_id`.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, where: string, fix: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = deepest(result.error.issues[0], []);
  const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  throw new TranslationError(`${where}${path}`, issue.message, fix);
}

/**
 * A failed union reports only "Invalid input" at the union itself; the branch
 * that got furthest into the value says what is really wrong.
 */
function deepest(issue: Issue | undefined, prefix: PropertyKey[]): { path: PropertyKey[]; message: string } {
  if (issue === undefined) return { path: prefix, message: 'invalid value' };
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path, message: issue.message };
  const candidates = issue.errors.map((branch) => deepest(branch[0], path));
  return candidates.reduce((best, candidate) => (candidate.path.length > best.path.length ? candidate : best));
}
