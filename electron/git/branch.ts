import { ActionableError, errorText } from '../errors.js';
import { FETCH_BY_ID, QUIET_FETCH } from './fetchFlags.js';
import type { Mirror } from './mirror.js';
import { assertObjectId } from './refs.js';
import { git, runGit } from './run.js';

export interface CreatedBranch {
  ref: string;
  commit: string;
  /** `updated` moved it forward (a fast-forward); `replaced` moved it by force. */
  change: 'created' | 'updated' | 'unchanged' | 'replaced';
  /** Where the branch pointed before, when it existed. */
  previous?: string;
}

export interface BranchOptions {
  /** Move an existing branch wherever `commit` is, dropping what only the branch had. */
  force?: boolean;
  /** Move an existing branch when `commit` builds on it, so nothing on it is lost (the task's own branch). */
  fastForward?: boolean;
}

/**
 * Creates `refs/heads/<name>` in the user's repository at `commit`, copying the
 * commit's objects from the mirror first. Their working tree, index and HEAD
 * are not touched; an existing branch moves only by fast-forward when allowed
 * or with `force`, and never while it is checked out.
 */
export async function createBranch(repoRoot: string, mirror: Mirror, commit: string, name: string, options: BranchOptions = {}): Promise<CreatedBranch> {
  assertObjectId(commit, 'Commit');
  const ref = `refs/heads/${await checkedBranchName(repoRoot, name)}`;
  const user = { cwd: repoRoot, scope: 'host' } as const;

  const previous = await git(['rev-parse', '--verify', '--quiet', ref], { ...user, okExitCodes: [1] });
  if (previous === commit) return { ref, commit, change: 'unchanged', previous };
  if (previous && !options.force && !options.fastForward) {
    throw new ActionableError(`The branch ${name} already exists in ${repoRoot}`, 'Choose another name, or replace it explicitly (force)');
  }
  if (previous && (await checkedOutBranches(repoRoot)).has(ref)) {
    throw new ActionableError(
      `The branch ${name} is checked out in ${repoRoot}, so moving it would leave the working tree out of step`,
      'Switch to another branch first, or choose a new branch name',
    );
  }

  try {
    await git([...FETCH_BY_ID, ...QUIET_FETCH, '--no-auto-maintenance', mirror.gitDir, commit], user);
  } catch (error) {
    throw new ActionableError(
      `Could not copy commit ${commit} from Codebay's mirror ${mirror.gitDir} into ${repoRoot}: ${errorText(error)}`,
      'Check that the task still has its changes (the mirror may have been deleted)',
      { cause: error },
    );
  }
  const fastForward = previous ? await isAncestor(repoRoot, previous, commit) : false;
  if (previous && !fastForward && !options.force) throw await movedElsewhere(repoRoot, name, previous, commit);

  // The expected old value makes the update fail rather than clobber a branch
  // created or moved by someone else since we looked.
  await git(['update-ref', '-m', 'codebay: set branch to task result', ref, commit, previous || ''], user);
  if (!previous) return { ref, commit, change: 'created' };
  return { ref, commit, change: fastForward ? 'updated' : 'replaced', previous };
}

async function isAncestor(repoRoot: string, ancestor: string, commit: string): Promise<boolean> {
  const result = await runGit(['merge-base', '--is-ancestor', ancestor, commit], { cwd: repoRoot, scope: 'host', okExitCodes: [1] });
  return result.exitCode === 0;
}

/** The refusal for a branch that has commits the task's result lacks: moving it would drop them. */
async function movedElsewhere(repoRoot: string, name: string, previous: string, commit: string): Promise<ActionableError> {
  const extra = Number(await git(['rev-list', '--count', `${commit}..${previous}`], { cwd: repoRoot, scope: 'host' }));
  return new ActionableError(
    `The branch ${name} in ${repoRoot} is at ${previous.slice(0, 7)}, which has ${extra} commit${extra === 1 ? '' : 's'} not in the task's result ` +
      `${commit.slice(0, 7)} (committed on the branch since Codebay set it, or a result a retry replaced), so it cannot be fast-forwarded`,
    'Merge or rebase those commits yourself, or use another branch name; replacing the branch (--force, or "Replace the existing branch" in the app) would discard them from it',
  );
}

async function checkedBranchName(repoRoot: string, name: string): Promise<string> {
  const reject = (): never => {
    throw new ActionableError(`${JSON.stringify(name)} is not a valid branch name`, 'Use letters, digits, "/", "-" and "." (no spaces, "..", "~", "^" or ":")');
  };
  if (name.startsWith('-') || name.includes('@{')) reject();
  const result = await runGit(['check-ref-format', '--branch', name], { cwd: repoRoot, scope: 'host', okExitCodes: [1, 128] });
  // `--branch` expands shorthands such as `@{-1}`; only a name that stands for itself is accepted.
  if (result.exitCode !== 0 || result.stdout.toString('utf8').trim() !== name) reject();
  return name;
}

/** Branches checked out in the repository's main or any linked work tree. */
async function checkedOutBranches(repoRoot: string): Promise<Set<string>> {
  const listing = await git(['worktree', 'list', '--porcelain', '-z'], { cwd: repoRoot, scope: 'host' });
  return new Set(
    listing
      .split('\0')
      .filter((line) => line.startsWith('branch '))
      .map((line) => line.slice('branch '.length)),
  );
}
