import { ActionableError } from '../errors.js';
import { GitCommandError, git, runGit } from './run.js';

export interface PushResult {
  remote: string;
  branch: string;
  /** git's own report, for the log. */
  output: string;
}

const PUSH_TIMEOUT_MS = 5 * 60_000;

/**
 * Pushes a branch of the user's repository to one of its remotes with the user's
 * own credentials (helpers, SSH agent). Terminal prompts are off, so missing
 * credentials fail instead of hanging.
 */
export async function pushBranch(repoRoot: string, remote: string, branch: string, options: { force?: boolean } = {}): Promise<PushResult> {
  const user = { cwd: repoRoot, scope: 'host' } as const;
  const remotes = (await git(['remote'], user)).split('\n').filter(Boolean);
  if (!remotes.includes(remote)) {
    throw new ActionableError(
      `The repository ${repoRoot} has no remote named ${JSON.stringify(remote)}`,
      remotes.length ? `Push to one of its remotes: ${remotes.join(', ')}` : 'Add one with `git remote add origin <url>`',
    );
  }
  const ref = `refs/heads/${branch}`;
  const exists = await git(['rev-parse', '--verify', '--quiet', ref], { ...user, okExitCodes: [1] });
  if (branch.startsWith('-') || !exists) {
    throw new ActionableError(`There is no branch ${JSON.stringify(branch)} in ${repoRoot} to push`, 'Create the branch first');
  }

  try {
    const { stderr } = await runGit(['push', ...(options.force ? ['--force'] : []), remote, `${ref}:${ref}`], {
      cwd: repoRoot,
      scope: 'push',
      timeoutMs: PUSH_TIMEOUT_MS,
    });
    return { remote, branch, output: stderr.trim() };
  } catch (error) {
    throw explainPushFailure(remote, branch, error);
  }
}

function explainPushFailure(remote: string, branch: string, error: unknown): Error {
  if (!(error instanceof GitCommandError)) return error instanceof Error ? error : new Error(String(error));
  const what = `Pushing ${branch} to ${remote} failed: ${error.stderr.trim() || error.message}`;
  const detail = error.stderr;
  if (/non-fast-forward|fetch first|\[rejected\]|stale info/i.test(detail)) {
    return new ActionableError(what, `The remote branch has commits this one lacks; push under a new branch name, or replace it (force)`, { cause: error });
  }
  if (/could not read (username|password)|authentication failed|permission denied|terminal prompts disabled/i.test(detail)) {
    return new ActionableError(
      what,
      'git could not log in without asking; set up a credential helper or an SSH key, and check that `git push` works in a terminal',
      { cause: error },
    );
  }
  if (/could not resolve host|unable to access|could not read from remote|does not appear to be a git repository/i.test(detail)) {
    return new ActionableError(what, `Check the network and the URL of ${remote} (\`git remote -v\`)`, { cause: error });
  }
  return new ActionableError(what, 'Run the same `git push` in a terminal to see what it needs', { cause: error });
}
