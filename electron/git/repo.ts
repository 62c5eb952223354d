import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ActionableError, errorText } from '../errors.js';
import { assertRevision } from './refs.js';
import { GitCommandError, git, runGit } from './run.js';

export interface RepoInfo {
  /** The work tree's top-level folder, symlinks resolved. */
  root: string;
  /** The checked-out branch, absent when HEAD is detached. */
  headBranch?: string;
  headCommit: string;
}

/** Checks that `folder` is inside a usable git work tree and describes it. */
export async function validateRepo(folder: string): Promise<RepoInfo> {
  const absolute = path.resolve(folder);
  const kind = await stat(absolute).then(
    (entry) => (entry.isDirectory() ? 'directory' : 'file'),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return 'missing';
      throw new ActionableError(`Cannot read ${absolute}: ${errorText(error)}`, 'Check the folder permissions and pick it again', { cause: error });
    },
  );
  if (kind === 'missing') {
    throw new ActionableError(`The folder ${absolute} does not exist`, 'Pick an existing folder that holds a git repository');
  }
  if (kind === 'file') {
    throw new ActionableError(`${absolute} is a file, not a folder`, 'Pick the folder that holds the git repository');
  }

  const where = await runGit(['rev-parse', '--is-bare-repository', '--is-inside-work-tree'], { cwd: absolute, scope: 'host' }).catch(
    (error: unknown) => {
      throw describeOpenFailure(absolute, error);
    },
  );
  const [bare, insideWorkTree] = where.stdout.toString('utf8').trim().split('\n');
  if (bare === 'true') {
    throw new ActionableError(
      `${absolute} is a bare git repository, which has no working files`,
      'Pick a clone with a working tree (for example `git clone ' + absolute + ' <folder>`)',
    );
  }
  if (insideWorkTree !== 'true') {
    throw new ActionableError(`${absolute} is inside a .git folder, not a working tree`, 'Pick the repository folder itself');
  }

  const root = await git(['rev-parse', '--show-toplevel'], { cwd: absolute, scope: 'host' });
  const headCommit = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: root, scope: 'host', okExitCodes: [1] });
  if (!headCommit) {
    throw new ActionableError(`The repository ${root} has no commits yet`, 'Make a first commit (`git commit`), then pick it again');
  }
  const headBranch = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: root, scope: 'host', okExitCodes: [1] });
  return headBranch ? { root, headBranch, headCommit } : { root, headCommit };
}

function describeOpenFailure(folder: string, error: unknown): Error {
  if (!(error instanceof GitCommandError)) return error instanceof Error ? error : new Error(String(error));
  if (/not a git repository/i.test(error.stderr)) {
    return new ActionableError(`${folder} is not a git repository`, 'Pick a folder that holds a git repository, or run `git init` there first', { cause: error });
  }
  if (/dubious ownership/i.test(error.stderr)) {
    return new ActionableError(
      `git refuses to open ${folder} because it belongs to another user`,
      `If you trust it, run \`git config --global --add safe.directory ${folder}\``,
      { cause: error },
    );
  }
  return new ActionableError(`git cannot open ${folder}: ${error.stderr.trim() || error.message}`, 'Check the repository with `git status` in a terminal', {
    cause: error,
  });
}

/** Turns a branch, tag or commit name in the user's repository into a full commit id. */
export async function resolveBase(repoRoot: string, ref: string): Promise<string> {
  const name = ref.trim();
  try {
    assertRevision(name, 'Base');
  } catch (error) {
    throw new ActionableError(errorText(error), 'Give a branch name, a tag or a commit id', { cause: error });
  }
  const commit = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`], {
    cwd: repoRoot,
    scope: 'host',
    okExitCodes: [1, 128],
  });
  if (commit) return commit;
  const branches = await git(['for-each-ref', '--count=8', '--sort=-committerdate', '--format=%(refname:short)', 'refs/heads'], {
    cwd: repoRoot,
    scope: 'host',
  });
  const known = branches.split('\n').filter(Boolean);
  throw new ActionableError(
    `No branch, tag or commit named ${JSON.stringify(name)} in ${repoRoot}`,
    known.length ? `Pick one of its branches, for example ${known.join(', ')}` : 'Give a commit id or create a branch first',
  );
}
