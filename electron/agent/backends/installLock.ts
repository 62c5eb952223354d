import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * One process at a time installs a given agent: the app's tasks and the `codebay` command
 * beside it are separate processes, and two installs would download the same 400 MB twice.
 * The lock is only about wasted work; installs stay correct without it because each one
 * works in its own folder and the finished folder is renamed into place.
 */

interface LockHolder {
  pid: number;
  host: string;
  token: string;
}

export interface InstallLock {
  release(): Promise<void>;
}

export interface LockWaitOptions {
  signal?: AbortSignal;
  /** Called once, when the lock is held by another install. */
  onWait?: (holder: string) => void;
}

const POLL_MS = 300;
const HEARTBEAT_MS = 5_000;
/** A holder refreshes the lock's time every HEARTBEAT_MS; one this old belongs to a process that is gone. */
const STALE_AFTER_MS = 30_000;

/** Whether a process of this host still runs (EPERM: it does, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<{ holder: LockHolder | undefined; ageMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    let holder: LockHolder | undefined;
    try {
      holder = JSON.parse(text) as LockHolder;
    } catch {
      holder = undefined;
    }
    return { holder, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(found: { holder: LockHolder | undefined; ageMs: number }): boolean {
  if (found.ageMs > STALE_AFTER_MS) return true;
  const holder = found.holder;
  return holder !== undefined && holder.host === os.hostname() && !isProcessAlive(holder.pid);
}

/**
 * Removes a stale lock without removing a fresh one taken meanwhile: the lock is moved aside
 * and checked, and put back (only if the place is still free) when it was not the stale one.
 */
async function removeStale(file: string, stale: LockHolder | undefined): Promise<void> {
  const aside = `${file}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved?.holder && moved.holder.token !== stale?.token) {
    await link(aside, file).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function describe(holder: LockHolder | undefined): string {
  if (!holder) return 'another process';
  return holder.host === os.hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
}

/** Takes the lock in `file`, waiting while another live process holds it. */
export async function acquireInstallLock(file: string, options: LockWaitOptions = {}): Promise<InstallLock> {
  const mine: LockHolder = { pid: process.pid, host: os.hostname(), token: randomBytes(12).toString('hex') };
  // Written whole first, then linked: link() fails if the lock exists, and a reader never sees a half-written holder.
  const draft = `${file}.${mine.token}`;
  await writeFile(draft, JSON.stringify(mine));
  let waited = false;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      try {
        await link(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const found = await readHolder(file);
      if (!found) continue;
      if (isStale(found)) {
        await removeStale(file, found.holder);
        continue;
      }
      if (!waited) options.onWait?.(describe(found.holder));
      waited = true;
      await delay(POLL_MS, undefined, options.signal ? { signal: options.signal } : {});
    }
  } finally {
    await unlink(draft).catch(() => undefined);
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    async release() {
      clearInterval(heartbeat);
      const current = await readHolder(file);
      if (current?.holder?.token === mine.token) await unlink(file).catch(() => undefined);
    },
  };
}
