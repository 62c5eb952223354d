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

const SHELLS = new Set(['bash', 'sh', 'zsh']);
const PATCH_PROGRAMS = new Set(['apply_patch', 'applypatch']);

/**
 * The patch text when a shell call is really apply_patch, as Codex-trained models often
 * write it: ["apply_patch", patch] or ["bash", "-lc", "apply_patch <<'EOF'\n…\nEOF"].
 */
export function patchInCommand(argv: readonly string[]): string | undefined {
  const [program, first, second] = argv;
  if (program !== undefined && PATCH_PROGRAMS.has(program) && argv.length === 2) return first;
  if (program !== undefined && SHELLS.has(program) && (first === '-lc' || first === '-c') && argv.length === 3) {
    if (second !== undefined && /^\s*(?:apply_patch|applypatch)\s+<</.test(second)) return second.trim();
  }
  return undefined;
}

/** A workdir from the model: absolute in the sandbox, or relative to where commands start. */
export function resolveWorkdir(start: string, workdir: string | null | undefined): string {
  if (workdir === undefined || workdir === null || workdir.trim() === '') return start;
  return path.posix.resolve(start, workdir.trim());
}
