import { lstat, mkdir, readFile, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PatchApplyError } from './errors.js';
import { validatePatchPath } from './path.js';
import type { FileChange, ReadFile } from './types.js';

/**
 * A patch path resolved inside a real root: `dir` is the folder the file lives in, a real
 * path as far as it exists; `missing` says some of its folders are still to be created.
 */
interface Resolved {
  dir: string;
  missing: boolean;
  name: string;
  relative: string;
}

/** Reads workspace files under root for planPatch, refusing symlinks that lead outside it. */
export function dirFileReader(root: string): ReadFile {
  return async (relative) => {
    const rootReal = await realpath(root);
    const resolved = await resolveParent(rootReal, relative);
    if (resolved.missing) return null;
    const target = await followFinal(rootReal, resolved, 'read');
    if (target === null) return null;
    return readFile(target);
  };
}

/**
 * Writes planned changes under root, in order. Every path is checked before anything is
 * written, and again as it is written: nothing goes through a symlink that leads outside
 * root. Moves are renames, so a moved file keeps its mode. Only a disk that changes or
 * fails between the checks and the writes can leave the changes half written.
 */
export async function applyChangesToDir(root: string, changes: readonly FileChange[]): Promise<void> {
  const rootReal = await realpath(root);
  for (const change of changes) {
    const resolved = await resolveParent(rootReal, change.path);
    if (change.kind !== 'delete') await followFinal(rootReal, resolved, 'write');
    if (change.kind === 'update' && change.movePath !== undefined) await resolveParent(rootReal, change.movePath);
  }
  for (const change of changes) await applyChange(rootReal, change);
}

async function applyChange(rootReal: string, change: FileChange): Promise<void> {
  const resolved = await resolveParent(rootReal, change.path);
  const full = path.join(resolved.dir, resolved.name);
  if (change.kind === 'delete') {
    const kind = resolved.missing ? 'none' : await entryKind(full);
    // A symlink is removed itself, never its target.
    if (kind !== 'file' && kind !== 'symlink') throw notAFile(change.path, 'delete');
    await unlink(full);
    return;
  }
  if (change.kind === 'add' || change.movePath === undefined) {
    await mkdir(resolved.dir, { recursive: true });
    const target = (await followFinal(rootReal, resolved, 'write')) ?? full;
    // A new file must not appear between planning and writing; a replaced one is overwritten on purpose.
    await writeFile(target, change.content, change.kind === 'add' && change.replaced !== true ? { flag: 'wx' } : {});
    return;
  }
  const destination = await resolveParent(rootReal, change.movePath);
  const destinationFull = path.join(destination.dir, destination.name);
  await mkdir(destination.dir, { recursive: true });
  if ((await entryKind(destinationFull)) !== 'none') {
    throw new PatchApplyError(
      change.path,
      `Cannot move ${change.path} to ${change.movePath}: it already exists on disk`,
      'Choose another destination and resend the patch.',
    );
  }
  if ((await entryKind(full)) === 'symlink') {
    // Renaming would move the link, and writing through it would change its target.
    await writeFile(destinationFull, change.content, { flag: 'wx' });
    await unlink(full);
    return;
  }
  await rename(full, destinationFull);
  await writeFile(destinationFull, change.content);
}

/** Walks the folders of a path one at a time, following only symlinks that stay inside root. */
async function resolveParent(rootReal: string, relative: string): Promise<Resolved> {
  const segments = validatePatchPath(relative).split('/');
  const name = segments.pop() ?? '';
  let dir = rootReal;
  for (const [index, segment] of segments.entries()) {
    const next = path.join(dir, segment);
    const kind = await entryKind(next);
    if (kind === 'none') return { dir: path.join(next, ...segments.slice(index + 1)), missing: true, name, relative };
    if (kind === 'symlink') {
      const target = await realTargetInside(rootReal, next, relative);
      if (target === null) throw danglingLink(rootReal, next, relative);
      if ((await entryKind(target)) !== 'dir') throw notAFolder(relative, segments.slice(0, index + 1).join('/'));
      dir = target;
    } else if (kind === 'dir') {
      dir = next;
    } else {
      throw notAFolder(relative, segments.slice(0, index + 1).join('/'));
    }
  }
  return { dir, missing: false, name, relative };
}

/** The real file behind a resolved path, or null when nothing is there yet. */
async function followFinal(rootReal: string, resolved: Resolved, action: 'read' | 'write'): Promise<string | null> {
  if (resolved.missing) return null;
  const full = path.join(resolved.dir, resolved.name);
  const kind = await entryKind(full);
  if (kind === 'none') return null;
  if (kind === 'file') return full;
  if (kind !== 'symlink') throw notAFile(resolved.relative, action);
  const target = await realTargetInside(rootReal, full, resolved.relative);
  if (target === null) {
    if (action === 'read') return null;
    throw danglingLink(rootReal, full, resolved.relative);
  }
  if ((await entryKind(target)) !== 'file') throw notAFile(resolved.relative, action);
  return target;
}

/** The real path a symlink leads to; null when its target does not exist. */
async function realTargetInside(rootReal: string, link: string, relative: string): Promise<string | null> {
  let target: string;
  try {
    target = await realpath(link);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  const inside = path.relative(rootReal, target);
  if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
    throw new PatchApplyError(
      relative,
      `Refused ${relative}: ${path.relative(rootReal, link)} is a symlink that leads outside the workspace`,
      'Patch files inside the workspace only; do not go through that symlink.',
    );
  }
  return target;
}

type EntryKind = 'none' | 'file' | 'dir' | 'symlink' | 'other';

async function entryKind(full: string): Promise<EntryKind> {
  try {
    const info = await lstat(full);
    if (info.isSymbolicLink()) return 'symlink';
    if (info.isDirectory()) return 'dir';
    return info.isFile() ? 'file' : 'other';
  } catch (error) {
    if (isMissing(error)) return 'none';
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function danglingLink(rootReal: string, link: string, relative: string): PatchApplyError {
  return new PatchApplyError(
    relative,
    `Refused ${relative}: ${path.relative(rootReal, link)} is a symlink to a missing target`,
    'Remove the symlink or patch the file it should point to.',
  );
}

function notAFile(relative: string, action: string): PatchApplyError {
  return new PatchApplyError(relative, `Cannot ${action} ${relative}: it is not a regular file`, 'Patch regular files only.');
}

function notAFolder(relative: string, folder: string): PatchApplyError {
  return new PatchApplyError(relative, `Cannot reach ${relative}: ${folder} is not a folder`, 'Check the path and resend the patch.');
}
