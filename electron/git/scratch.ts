import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { git } from './run.js';

export interface ScratchRepo {
  /** The throwaway bare repository. */
  gitDir: string;
  /** A free folder beside it for other temporary files. */
  dir: string;
}

/**
 * Runs `work` with a throwaway bare repository that can read (never write) the
 * objects in `borrowedObjects`, then deletes it. New objects land in the scratch
 * repository, so the borrowed store is never written.
 */
export async function withScratchRepo<T>(
  purpose: string,
  objectFormat: string,
  borrowedObjects: string,
  work: (scratch: ScratchRepo) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `codebay-${purpose}-`));
  try {
    const gitDir = path.join(dir, 'repo.git');
    await git(['init', '--quiet', '--bare', `--object-format=${objectFormat}`, gitDir]);
    await writeFile(path.join(gitDir, 'objects', 'info', 'alternates'), `${path.resolve(borrowedObjects)}\n`);
    return await work({ gitDir, dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
