import { expect } from 'vitest';
import { ActionableError } from '../../electron/errors.js';

/** The ActionableError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<ActionableError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ActionableError);
  return error as ActionableError;
}
