import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionableError, errorText } from '../errors.js';
import { FETCH_BY_ID, QUIET_FETCH } from './fetchFlags.js';
import { serialized } from './lock.js';
import { assertObjectId, baseRef } from './refs.js';
import { git, runGit } from './run.js';

const FINGERPRINT_FILE = 'codebay-source-refs';

export interface RefreshResult {
  /** False when the source's branches and tags were as last fetched, so nothing ran. */
  fetched: boolean;
}

/**
 * Codebay's bare copy of one user repository. It holds the user's branches and
 * tags plus Codebay's own refs/codebay/* (snapshots, turns); reviews and exports
 * read it, so they keep working after sandboxes are gone.
 */
export class Mirror {
  constructor(
    readonly gitDir: string,
    /** The user's work tree this mirror copies from; only ever read. */
    readonly sourceRoot: string,
  ) {}

  /** Runs ref-writing work on this mirror one at a time. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return serialized(this.gitDir, work);
  }

  /** Brings the user's branches and tags over, skipping the fetch when none moved. */
  refresh(): Promise<RefreshResult> {
    return this.exclusive(async () => {
      const listing = await this.readSource(['show-ref', '--heads', '--tags'], [1]);
      const fingerprint = createHash('sha256').update(listing).digest('hex');
      const fingerprintFile = path.join(this.gitDir, FINGERPRINT_FILE);
      const previous = await readFile(fingerprintFile, 'utf8').catch(() => '');
      if (previous === fingerprint) return { fetched: false };
      await this.intoMirror(['fetch', ...QUIET_FETCH, '--prune', this.sourceRoot, '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*']);
      await writeFile(fingerprintFile, fingerprint);
      return { fetched: true };
    });
  }

  objectFormat(): Promise<string> {
    return git(['rev-parse', '--show-object-format'], { gitDir: this.gitDir });
  }

  async hasCommit(commit: string): Promise<boolean> {
    const result = await runGit(['cat-file', '-e', `${commit}^{commit}`], { gitDir: this.gitDir, okExitCodes: [1, 128] });
    return result.exitCode === 0;
  }

  /**
   * Makes sure `commit` is in the mirror even when no branch or tag of the
   * source holds it (a detached HEAD, a remote-tracking branch).
   */
  ensureCommit(commit: string): Promise<void> {
    assertObjectId(commit, 'Commit');
    return this.exclusive(async () => {
      if (await this.hasCommit(commit)) return;
      await this.intoMirror([...FETCH_BY_ID, ...QUIET_FETCH, this.sourceRoot, `+${commit}:${baseRef(commit)}`]);
    });
  }

  /** Reads the user's repository, found the way their own git finds it and under their config. */
  private readSource(args: string[], okExitCodes: number[]): Promise<string> {
    return this.explained(git(args, { cwd: this.sourceRoot, scope: 'host', okExitCodes }));
  }

  /**
   * Fetches from the user's repository into the mirror. Host scope because the
   * upload side runs in their repository, where their safe.directory applies.
   */
  private intoMirror(args: string[]): Promise<string> {
    return this.explained(git(args, { gitDir: this.gitDir, scope: 'host' }));
  }

  private async explained(command: Promise<string>): Promise<string> {
    try {
      return await command;
    } catch (error) {
      throw new ActionableError(
        `Could not read the repository ${this.sourceRoot} into Codebay's mirror ${this.gitDir}: ${errorText(error)}`,
        'Check that the repository still exists and `git status` works in it',
        { cause: error },
      );
    }
  }
}

/** The mirror folder for a repository, by a hash of its real path. */
export function mirrorDir(dataDir: string, repoRealPath: string): string {
  const key = createHash('sha256').update(repoRealPath).digest('hex').slice(0, 16);
  return path.resolve(dataDir, 'mirrors', `${key}.git`);
}

/** Opens the mirror of `repoRoot`, creating an empty one the first time. Call refresh() to fill it. */
export async function ensureMirror(dataDir: string, repoRoot: string): Promise<Mirror> {
  const source = await realpath(repoRoot);
  const gitDir = mirrorDir(dataDir, source);
  if (!existsSync(gitDir)) await createMirror(gitDir, source);
  if (!existsSync(path.join(gitDir, 'HEAD')) || !existsSync(path.join(gitDir, 'objects'))) {
    throw new ActionableError(
      `Codebay's mirror of ${source} at ${gitDir} is damaged`,
      `Quit Codebay, delete ${gitDir} (task diffs of this repository will be lost) and start again`,
    );
  }
  return new Mirror(gitDir, source);
}

async function createMirror(gitDir: string, source: string): Promise<void> {
  const objectFormat = await git(['rev-parse', '--show-object-format'], { cwd: source, scope: 'host' });
  await mkdir(path.dirname(gitDir), { recursive: true, mode: 0o700 });
  // Built beside its final place and renamed in, so a crash or a second process
  // never leaves a half-made mirror at the real path.
  const staging = `${gitDir}.tmp-${randomUUID()}`;
  try {
    await git(['init', '--quiet', '--bare', `--object-format=${objectFormat}`, '--initial-branch=main', staging]);
    for (const [key, value] of [
      ['codebay.source', source],
      // Auto-gc in the background would race the next fetch for the repository's locks.
      ['gc.autoDetach', 'false'],
    ] as const) {
      await git(['config', key, value], { gitDir: staging });
    }
    await rename(staging, gitDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (existsSync(path.join(gitDir, 'HEAD'))) return;
    throw error;
  }
}
