import { ActionableError, errorText } from '../errors.js';
import { FETCH_BY_ID, QUIET_FETCH } from './fetchFlags.js';
import type { Mirror } from './mirror.js';
import { assertObjectId } from './refs.js';
import { git, runGit } from './run.js';

export interface CreatedBranch {
  ref: string;
  commit: string;
  /** Where the branch pointed before a forced move. */
  previous?: string;
}

/**
 * Creates `refs/heads/<name>` in the user's repository at `commit`, copying the
 * commit's objects from the mirror first. Their working tree, index and HEAD
 * are not touched; an existing branch moves only with `force`, and never while
 * it is checked out.
 */
export async function createBranch(
  repoRoot: string,
  mirror: Mirror,
  commit: string,
  name: string,
  options: { force?: boolean } = {},
): Promise<CreatedBranch> {
  assertObjectId(commit, 'Commit');
  const ref = `refs/heads/${await checkedBranchName(repoRoot, name)}`;
  const user = { cwd: repoRoot, scope: 'host' } as const;

  const previous = await git(['rev-parse', '--verify', '--quiet', ref], { ...user, okExitCodes: [1] });
  if (previous && !options.force) {
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
  // The expected old value makes the update fail rather than clobber a branch
  // created or moved by someone else since we looked.
  await git(['update-ref', '-m', 'codebay: create branch from task', ref, commit, previous || ''], user);
  return previous ? { ref, commit, previous } : { ref, commit };
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
