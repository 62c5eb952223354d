import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { createBundle } from './bundle.js';
import { serialized } from './lock.js';
import type { Mirror } from './mirror.js';
import { assertObjectId } from './refs.js';

const DEFAULT_KEEP = 6;
/** A bundle used this recently may be being copied into a sandbox (by this or another process). */
const IN_USE_MS = 10 * 60_000;

/**
 * Full-history bundles of base commits, made once and reused: every task that
 * starts from the same commit copies the same file into its sandbox. A file is
 * named by mirror, commit and branch, so it is never rewritten; beyond `keep`
 * the least recently used are deleted, but never one used in the last ten minutes.
 */
export class BundleCache {
  constructor(
    private readonly dir: string,
    private readonly keep = DEFAULT_KEEP,
  ) {}

  /** A bundle of `commit` and its history offering `branch`; callers read it and must not change or delete it. */
  async bundleOf(mirror: Mirror, commit: string, branch: string): Promise<string> {
    assertObjectId(commit, 'Commit');
    const key = createHash('sha256').update(`${mirror.gitDir}\0${commit}\0${branch}`).digest('hex').slice(0, 32);
    const file = path.join(this.dir, `${key}.bundle`);
    return serialized(file, async () => {
      if (await touch(file)) return file;
      await mkdir(this.dir, { recursive: true });
      // Written beside its final name and renamed in, so no reader ever sees half a bundle.
      const partial = `${file}.tmp-${randomUUID()}`;
      try {
        await createBundle(mirror, { commit, file: partial, branch });
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      await this.evict();
      return file;
    });
  }

  private async evict(): Promise<void> {
    const entries = await Promise.all(
      (await readdir(this.dir)).map(async (name) => {
        const full = path.join(this.dir, name);
        const info = await stat(full).catch(() => undefined);
        return { name, full, usedAt: info?.mtimeMs ?? 0 };
      }),
    );
    const idleSince = Date.now() - IN_USE_MS;
    const bundles = entries.filter((e) => e.name.endsWith('.bundle')).sort((a, b) => b.usedAt - a.usedAt);
    // Partial files left by a process that died while writing one.
    const abandoned = entries.filter((e) => e.name.includes('.tmp-'));
    const unused = [...bundles.slice(this.keep), ...abandoned].filter((e) => e.usedAt < idleSince);
    await Promise.all(unused.map((e) => rm(e.full, { force: true })));
  }
}

/** Marks a cached bundle as just used; false when there is none yet. */
async function touch(file: string): Promise<boolean> {
  const now = new Date();
  try {
    await utimes(file, now, now);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
