import path from 'node:path';

/**
 * The argv to run. A command given as one string (or as one argv element with spaces, which
 * no program is named like) is a shell line, as local models often send it.
 */
export function commandArgv(command: string[] | string): string[] {
  if (typeof command === 'string') return ['bash', '-lc', command];
  const [only] = command;
  if (command.length === 1 && only !== undefined && /\s/.test(only.trim())) return ['bash', '-lc', only];
  return command;
}

/** A workdir from the model: absolute in the sandbox, or relative to where commands start. */
export function resolveWorkdir(start: string, workdir: string | null | undefined): string {
  if (workdir === undefined || workdir === null || workdir.trim() === '') return start;
  return path.posix.resolve(start, workdir.trim());
}
