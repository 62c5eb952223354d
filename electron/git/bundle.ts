import path from 'node:path';
import { ActionableError } from '../errors.js';
import { QUIET_FETCH } from './fetchFlags.js';
import type { Mirror } from './mirror.js';
import { assertCodebayRef, assertObjectId } from './refs.js';
import { withScratchRepo } from './scratch.js';
import { GitCommandError, git, runGit } from './run.js';

export interface BundleRequest {
  commit: string;
  /** A commit the receiver already has; only history after it goes into the bundle. */
  basis?: string;
  /** Where to write the bundle; the caller removes it when done. */
  file: string;
  /** The branch the bundle offers (its HEAD points there too), so `git clone <bundle>` checks it out. */
  branch?: string;
}

export interface BundleOut {
  file: string;
  /** The full ref name inside the bundle. */
  ref: string;
  commit: string;
}

/**
 * Writes `commit` and its history (after `basis`, when given) to a bundle file.
 * The bundle is made in a throwaway repository that borrows the mirror's objects,
 * so its ref names are ours to choose and the mirror gains no refs.
 */
export async function createBundle(mirror: Mirror, request: BundleRequest): Promise<BundleOut> {
  assertObjectId(request.commit, 'Commit');
  if (request.basis !== undefined) assertObjectId(request.basis, 'Basis');
  const branch = request.branch ?? 'codebay';
  const ref = `refs/heads/${branch}`;
  await git(['check-ref-format', ref]).catch(() => {
    throw new Error(`Bundle branch ${JSON.stringify(branch)} is not a valid branch name`);
  });

  return withScratchRepo('bundle', await mirror.objectFormat(), path.join(mirror.gitDir, 'objects'), async ({ gitDir: repo }) => {
    await git(['update-ref', ref, request.commit], { gitDir: repo });
    await git(['symbolic-ref', 'HEAD', ref], { gitDir: repo });
    const exclude = request.basis !== undefined && !(await isAncestor(repo, request.commit, request.basis)) ? [`^${request.basis}`] : [];
    await git(['bundle', 'create', '--quiet', request.file, ref, 'HEAD', ...exclude], { gitDir: repo });
    return { file: request.file, ref, commit: request.commit };
  });
}

// When the receiver already has everything (commit at or behind basis) git
// refuses an empty bundle; a full one is still correct, just larger.
async function isAncestor(gitDir: string, ancestor: string, descendant: string): Promise<boolean> {
  const result = await runGit(['merge-base', '--is-ancestor', ancestor, descendant], { gitDir, okExitCodes: [1] });
  return result.exitCode === 0;
}

export interface BundleImport {
  ref: string;
  commit: string;
}

/**
 * Verifies a bundle made elsewhere (a sandbox) and fetches it into the mirror at
 * `ref` (under refs/codebay/). `head` picks which of the bundle's refs to take;
 * by default its HEAD, or its only ref.
 */
export async function importBundle(mirror: Mirror, bundleFile: string, ref: string, head?: string): Promise<BundleImport> {
  assertCodebayRef(ref);
  const file = path.resolve(bundleFile);
  try {
    await git(['bundle', 'verify', file], { gitDir: mirror.gitDir });
  } catch (error) {
    const reason = error instanceof GitCommandError ? error.stderr.trim() : String(error);
    throw new ActionableError(
      `The bundle ${file} cannot be imported into the mirror ${mirror.gitDir}: ${reason}`,
      /prerequisite|lacks these/i.test(reason)
        ? 'It builds on commits the mirror does not have; refresh the mirror, or bundle the full history'
        : 'Make the bundle again; it is damaged or not a git bundle',
      { cause: error },
    );
  }

  const heads = (await git(['bundle', 'list-heads', file], { gitDir: mirror.gitDir }))
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(line.indexOf(' ') + 1));
  const named = heads.filter((name) => name !== 'HEAD');
  const chosen = head ?? (heads.includes('HEAD') ? 'HEAD' : named.length === 1 ? named[0] : undefined);
  if (chosen === undefined || !heads.includes(chosen)) {
    throw new ActionableError(
      `The bundle ${file} has no ref ${head ? JSON.stringify(head) : 'to pick by default'} (it has ${heads.join(', ') || 'none'})`,
      'Name one of its refs',
    );
  }

  // git 2.39 does not fsck objects fetched from a bundle, and these come from a
  // sandbox, so they are unpacked beside the mirror first and then fetched over
  // git's transport, which does check them. Rejected objects never reach the mirror.
  await withScratchRepo('import', await mirror.objectFormat(), path.join(mirror.gitDir, 'objects'), async (scratch) => {
    await git(['fetch', ...QUIET_FETCH, file, `+${chosen}:refs/heads/import`], { gitDir: scratch.gitDir });
    await mirror.exclusive(async () => {
      try {
        await git(['-c', 'fetch.fsckObjects=true', 'fetch', ...QUIET_FETCH, scratch.gitDir, `+refs/heads/import:${ref}`], { gitDir: mirror.gitDir });
      } catch (error) {
        const reason = error instanceof GitCommandError ? error.stderr.trim() : String(error);
        throw new ActionableError(
          `The bundle ${file} holds malformed git objects and was not imported: ${reason}`,
          'Run the turn again; the sandbox wrote a broken commit',
          { cause: error },
        );
      }
    });
  });
  const commit = await git(['rev-parse', '--verify', `${ref}^{commit}`], { gitDir: mirror.gitDir });
  return { ref, commit };
}
