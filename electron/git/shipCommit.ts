import { CODEBAY_IDENTITY, identityEnv, type GitIdentity } from './identity.js';
import type { Mirror } from './mirror.js';
import { assertObjectId, shipRef } from './refs.js';
import { git } from './run.js';

/** A commit's message as stored (what follows its header), from the mirror. */
export async function commitMessageOf(mirror: Mirror, commit: string): Promise<string> {
  assertObjectId(commit, 'Commit');
  const raw = await git(['cat-file', 'commit', commit], { gitDir: mirror.gitDir });
  const start = raw.indexOf('\n\n');
  return start === -1 ? '' : raw.slice(start + 2);
}

/** The subject line of each commit, in the order given. */
export async function commitSubjects(mirror: Mirror, commits: readonly string[]): Promise<string[]> {
  if (commits.length === 0) return [];
  for (const commit of commits) assertObjectId(commit, 'Commit');
  const out = await git(['log', '--no-walk=unsorted', '--format=%s', ...commits], { gitDir: mirror.gitDir });
  return out.split('\n');
}

/** The one parent a commit Codebay made has (turn commits and ship commits alike). */
export async function parentOf(mirror: Mirror, commit: string): Promise<string> {
  assertObjectId(commit, 'Commit');
  return git(['rev-parse', '--verify', `${commit}^1`], { gitDir: mirror.gitDir });
}

export interface ShipCommitSpec {
  taskId: string;
  /** The commit whose tree is shipped: the task's newest result. */
  treeOf: string;
  parent: string;
  /** As the user wrote it, already checked and normalized. */
  message: string;
  /** The user as their git config says, like the turn commits; Codebay is the committer. */
  author: GitIdentity;
}

/**
 * Makes, in the mirror, the one commit that ships a task's result with the user's own message,
 * and keeps it alive under the task's ship ref (older ones are its ancestors when stacked).
 */
export async function makeShipCommit(mirror: Mirror, spec: ShipCommitSpec): Promise<string> {
  assertObjectId(spec.treeOf, 'Result commit');
  assertObjectId(spec.parent, 'Parent commit');
  return mirror.exclusive(async () => {
    const commit = await git(['commit-tree', '--no-gpg-sign', `${spec.treeOf}^{tree}`, '-p', spec.parent, '-F', '-'], {
      gitDir: mirror.gitDir,
      env: identityEnv(spec.author, CODEBAY_IDENTITY),
      input: `${spec.message}\n`,
    });
    await git(['update-ref', '-m', 'codebay: commit with the user\'s message', shipRef(spec.taskId), commit], { gitDir: mirror.gitDir });
    return commit;
  });
}
