import { ActionableError } from '../errors.js';
import { GitCommandError, type GitResult, git, runGit } from './run.js';

export interface PushResult {
  remote: string;
  branch: string;
  /** What happened to the branch on the remote: `updated` is a fast-forward, `replaced` a forced update. */
  change: 'created' | 'updated' | 'unchanged' | 'replaced';
  /** The remote branch's commit before, as git reported it (abbreviated); null when it was created. */
  from: string | null;
  /** The commit pushed. */
  to: string;
  /** What the remote said (its `remote:` lines, hints), for the log. */
  output: string;
}

const PUSH_TIMEOUT_MS = 5 * 60_000;

/** `git push --porcelain` flags per ref: fast-forward, forced, new, up to date, rejected. */
const CHANGES = { ' ': 'updated', '+': 'replaced', '*': 'created', '=': 'unchanged' } as const;

/**
 * Pushes a branch of the user's repository to one of its remotes with the user's
 * own credentials (helpers, SSH agent). Terminal prompts are off, so missing
 * credentials fail instead of hanging. Without `force` the remote takes only a
 * fast-forward.
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
  const commit = branch.startsWith('-') ? '' : await git(['rev-parse', '--verify', '--quiet', ref], { ...user, okExitCodes: [1] });
  if (!commit) {
    throw new ActionableError(`There is no branch ${JSON.stringify(branch)} in ${repoRoot} to push`, 'Create the branch first');
  }

  const result = await runPush(repoRoot, remote, branch, ['push', '--porcelain', ...(options.force ? ['--force'] : []), remote, `${ref}:${ref}`]);
  const status = /^([ +*=!])\t[^\t]*\t(.*)$/m.exec(result.stdout.toString('utf8'));
  const flag = status?.[1] ?? '';
  const summary = status?.[2] ?? '';
  const output = remoteMessages(result.stderr);
  if (result.exitCode !== 0 || !(flag in CHANGES)) {
    throw explainPushFailure(remote, branch, [summary, output].filter(Boolean).join('\n') || 'git reported no reason');
  }
  const change = CHANGES[flag as keyof typeof CHANGES];
  const from = change === 'updated' || change === 'replaced' ? (/^([0-9a-f]+)\.\.\.?/.exec(summary)?.[1] ?? null) : change === 'unchanged' ? commit : null;
  return { remote, branch, change, from, to: commit, output };
}

async function runPush(repoRoot: string, remote: string, branch: string, args: string[]): Promise<GitResult> {
  try {
    // Exit code 1 is a rejected ref; its reason is on the porcelain status line.
    return await runGit(args, { cwd: repoRoot, scope: 'push', timeoutMs: PUSH_TIMEOUT_MS, okExitCodes: [1] });
  } catch (error) {
    if (error instanceof GitCommandError) throw explainPushFailure(remote, branch, error.stderr, error);
    throw error;
  }
}

/** git's stderr without its generic advice and summary; what the remote itself said stays. */
function remoteMessages(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('hint:') && !line.startsWith('error: failed to push some refs'))
    .join('\n');
}

function explainPushFailure(remote: string, branch: string, detail: string, cause?: unknown): ActionableError {
  const what = `Pushing ${branch} to ${remote} failed: ${detail.trim()}`;
  const options = cause === undefined ? undefined : { cause };
  if (/non-fast-forward|fetch first|\[rejected\]|stale info/i.test(detail)) {
    return new ActionableError(
      `Pushing ${branch} to ${remote} failed: ${remote} has commits on ${branch} that the pushed branch does not (git: ${detail.trim()})`,
      `Fetch and merge them (git pull), or push under another branch name; pushing with force (--force, or "Replace the remote branch" in the app) would discard them from ${remote}`,
      options,
    );
  }
  if (/could not read (username|password)|authentication failed|permission denied|terminal prompts disabled/i.test(detail)) {
    return new ActionableError(
      what,
      'git could not log in without asking; set up a credential helper or an SSH key, and check that `git push` works in a terminal',
      options,
    );
  }
  if (/could not resolve host|unable to access|could not read from remote|does not appear to be a git repository/i.test(detail)) {
    return new ActionableError(what, `Check the network and the URL of ${remote} (\`git remote -v\`)`, options);
  }
  return new ActionableError(what, 'Run the same `git push` in a terminal to see what it needs', options);
}
