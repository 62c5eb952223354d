import type { CheckSpec } from '../../shared/types.js';
import { ActionableError } from '../errors.js';
import { assertPlainLine, plainLine } from '../plainText.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 10 * 60_000;
const MAX_CHECK_TIMEOUT_MS = 2 * 60 * 60_000;
export const MAX_CHECKS = 20;
const MAX_COMMAND_CHARS = 10_000;

/** A check as people type it; the name defaults to the command's first line. */
export interface CheckInput {
  name?: string;
  command: string;
  timeoutMs?: number;
}

/** Checks as Codebay stores them: named, non-empty, each with a time limit; what is wrong is said precisely. */
export function checkSpecs(inputs: readonly CheckInput[], owner: string): CheckSpec[] {
  if (inputs.length > MAX_CHECKS) throw new ActionableError(`${owner} has ${inputs.length} checks`, `Keep at most ${MAX_CHECKS}; combine commands with && if needed`);
  const seen = new Set<string>();
  return inputs.map((input, index) => {
    const command = input.command.trim();
    if (!command) throw new ActionableError(`Check ${index + 1} of ${owner} has no command`, 'Give the command to run, e.g. `pytest -q`, or remove the check');
    if (command.length > MAX_COMMAND_CHARS) throw new ActionableError(`Check ${index + 1} of ${owner} is ${command.length} characters long`, `Keep it under ${MAX_COMMAND_CHARS}; put longer scripts in the repository`);
    const name = (input.name?.trim() || plainLine(command.split('\n')[0] ?? '').slice(0, 60)).trim();
    assertPlainLine(name, `check name "${name.replace(/[^\x20-\x7e]/g, '?')}"`);
    if (seen.has(name)) throw new ActionableError(`${owner} has two checks named "${name}"`, 'Give each check its own name');
    seen.add(name);
    const timeoutMs = input.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1000 || timeoutMs > MAX_CHECK_TIMEOUT_MS) {
      throw new ActionableError(`The time limit of check "${name}" is ${timeoutMs} ms`, 'Give 1 second to 2 hours');
    }
    return { name, command, timeoutMs };
  });
}
