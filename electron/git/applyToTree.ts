import { ActionableError } from '../errors.js';
import { runGit } from './run.js';

/** Tracked files with changes (staged or not) in the user's working tree, as `git status` names them. */
async function dirtyPaths(repoRoot: string): Promise<string[]> {
  const { stdout } = await runGit(['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, scope: 'host' });
  return stdout
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
}

/**
 * Applies a binary-safe diff to the user's working tree and index with `git apply --3way`,
 * only when no tracked file has changes of its own, so nothing of theirs is mixed in or lost.
 * HEAD and branches stay as they are. Returns the conflicted paths (left with markers).
 */
export async function applyToWorkingTree(repoRoot: string, patch: Buffer, what: string): Promise<{ conflicts: string[] }> {
  const dirty = await dirtyPaths(repoRoot);
  if (dirty.length > 0) {
    const shown = dirty.slice(0, 3).join(', ') + (dirty.length > 3 ? ` and ${dirty.length - 3} more` : '');
    throw new ActionableError(
      `Did not apply ${what}: your working tree has uncommitted changes (${shown})`,
      'Commit or stash them first, or create a branch from the task instead',
    );
  }
  const applied = await runGit(['apply', '--3way', '--whitespace=nowarn', '-'], { cwd: repoRoot, scope: 'host', input: patch, okExitCodes: [1] });
  if (applied.exitCode === 0) return { conflicts: [] };
  const conflicts = [...applied.stderr.matchAll(/^U (.+)$/gm)].map((m) => m[1] ?? '').filter(Boolean);
  if (conflicts.length > 0) return { conflicts };
  throw new ActionableError(
    `Could not apply ${what} to your working tree: ${applied.stderr.trim().split('\n').slice(-2).join(' ')}`,
    'Your files are unchanged; create a branch from the task and merge it instead',
  );
}
