import { randomUUID } from 'node:crypto';
import { copyFile, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { ActionableError, errorText } from '../errors.js';
import { CODEBAY_IDENTITY, identityEnv } from './identity.js';
import { QUIET_FETCH } from './fetchFlags.js';
import type { Mirror } from './mirror.js';
import { assertObjectId, snapshotRef } from './refs.js';
import { withScratchRepo } from './scratch.js';
import { git } from './run.js';

export interface Snapshot {
  /** A commit on top of the base whose tree is the user's working tree. */
  commit: string;
  /** Where the mirror keeps it. */
  ref: string;
  /** False when the working tree matches the base exactly. */
  hasChanges: boolean;
}

/**
 * Records the user's working tree (tracked edits, deletions, untracked files that
 * are not ignored) as a commit on top of `baseCommit` in the mirror.
 *
 * Their index, HEAD and object store stay untouched: staging happens in a copy of
 * their index, and every object git writes goes to a throwaway object store that
 * borrows theirs read-only (alternates); the mirror then fetches from it.
 */
export async function snapshotUncommitted(repoRoot: string, mirror: Mirror, baseCommit: string, id: string = randomUUID()): Promise<Snapshot> {
  assertObjectId(baseCommit, 'Base commit');
  const ref = snapshotRef(id);
  const [gitDir, indexFile, objectDir, objectFormat] = (
    await git(['rev-parse', '--path-format=absolute', '--git-dir', '--git-path', 'index', '--git-path', 'objects', '--show-object-format'], {
      cwd: repoRoot,
      scope: 'host',
    })
  ).split('\n');
  if (!gitDir || !indexFile || !objectDir || !objectFormat) throw new Error(`git rev-parse in ${repoRoot} gave an incomplete answer`);

  try {
    return await withScratchRepo('snapshot', objectFormat, objectDir, async (scratch) => {
      const scratchIndex = path.join(scratch.dir, 'index');
      await copyFile(indexFile, scratchIndex).then(
        // The copy keeps the index's mtime, so git still re-reads files changed in the same
        // timestamp tick as the index was written ("racily clean") instead of trusting stat.
        async () => {
          const { atime, mtime } = await stat(indexFile);
          await utimes(scratchIndex, atime, mtime);
        },
        (error: NodeJS.ErrnoException) => {
          // A repository whose files were never staged has no index; staging starts from empty.
          if (error.code !== 'ENOENT') throw error;
        },
      );
      const env = {
        GIT_DIR: gitDir,
        GIT_WORK_TREE: repoRoot,
        GIT_INDEX_FILE: scratchIndex,
        GIT_OBJECT_DIRECTORY: path.join(scratch.gitDir, 'objects'),
        ...identityEnv(CODEBAY_IDENTITY),
      };
      // A split index would make git write a shared index file into their .git.
      const inScratch = (args: string[], input?: string): Promise<string> =>
        git(['-c', 'core.splitIndex=false', ...args], { cwd: repoRoot, scope: 'host', env, ...(input === undefined ? {} : { input }) });

      await inScratch(['add', '--all']);
      const tree = await inScratch(['write-tree']);
      const commit = await inScratch(['commit-tree', '--no-gpg-sign', tree, '-p', baseCommit, '-F', '-'], `Uncommitted changes in ${repoRoot}\n`);
      const baseTree = await inScratch(['rev-parse', `${baseCommit}^{tree}`]);

      await git(['update-ref', 'refs/heads/snapshot', commit], { gitDir: scratch.gitDir });
      await mirror.exclusive(() => git(['fetch', ...QUIET_FETCH, scratch.gitDir, `+refs/heads/snapshot:${ref}`], { gitDir: mirror.gitDir }));
      return { commit, ref, hasChanges: tree !== baseTree };
    });
  } catch (error) {
    if (error instanceof ActionableError) throw error;
    throw new ActionableError(
      `Could not record the uncommitted changes of ${repoRoot}: ${errorText(error)}`,
      'Check that every file in the working tree is readable, or start the task without uncommitted changes',
      { cause: error },
    );
  }
}
