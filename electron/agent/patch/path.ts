import path from 'node:path';
import { PatchError, PatchPathError } from './errors.js';

/** Where the paths a patch names lead: how the model sees the workspace, and the folder it patched from. */
export interface PatchPlace {
  /** The workspace root as the model sees it (/workspace in a sandbox); absolute paths below it are accepted. */
  root?: string;
  /** Workspace-relative folder that relative paths start from ('' or absent for the root). */
  base?: string;
}

/**
 * Checks a workspace-relative path named by a patch and returns it normalised (`./a//b` → `a/b`).
 * Paths must stay inside the workspace: no absolute paths, no `..`, nothing in `.git`.
 */
export function validatePatchPath(raw: string): string {
  const refuse = refuser(raw);
  refuseMalformed(raw);
  if (raw.startsWith('/') || /^[A-Za-z]:\//.test(raw)) refuse('is absolute');
  const segments = raw.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) refuse('names the workspace root, not a file');
  if (segments.includes('..')) refuse("contains a '..' segment");
  // Case-insensitive because macOS and Windows file systems are.
  if (segments.some((segment) => segment.toLowerCase() === '.git')) refuse('points into .git/');
  return segments.join('/');
}

/**
 * Turns a path as the model wrote it into a workspace-relative one. Models trained on Codex
 * write absolute paths and patch from the folder they `cd` into, as Codex allows; a path that
 * ends up outside the workspace or in .git/ is refused all the same.
 */
export function resolvePatchPath(raw: string, place: PatchPlace = {}): string {
  const root = place.root === undefined ? undefined : path.posix.normalize(place.root).replace(/(.)\/$/, '$1');
  if (raw.startsWith('/') && root !== undefined) {
    refuseMalformed(raw);
    const normal = path.posix.normalize(raw);
    if (normal !== root && !normal.startsWith(`${root}/`)) refuser(raw)(`is absolute and outside the workspace (${root})`);
    return validatePatchPath(normal === root ? '.' : normal.slice(root.length + 1));
  }
  const base = place.base ?? '';
  if (base === '' || raw.startsWith('/')) return validatePatchPath(raw);
  refuseMalformed(raw);
  const joined = path.posix.normalize(`${base}/${raw}`);
  if (joined === '..' || joined.startsWith('../')) refuser(raw)(`leads out of the workspace from ${base}/`);
  return validatePatchPath(joined);
}

/** The workspace-relative form of a folder the model patched from; refuses one outside the workspace. */
export function folderInWorkspace(root: string, folder: string): string {
  const relative = path.posix.relative(root, path.posix.normalize(folder));
  if (relative === '..' || relative.startsWith('../') || path.posix.isAbsolute(relative)) {
    throw new PatchError(
      `The patch was sent from ${folder}, which is outside the workspace (${root}), so nothing was changed`,
      `Patch from a folder inside ${root}, or leave out the cd and give paths relative to the workspace root, then resend the whole patch.`,
    );
  }
  return relative;
}

function refuseMalformed(raw: string): void {
  const refuse = refuser(raw);
  if (raw.includes('\0')) refuse('contains a NUL byte');
  if (raw.trim() === '') refuse('is empty');
  if (raw.includes('\\')) refuse('contains a backslash; separate folders with forward slashes');
  if (raw === '~' || raw.startsWith('~/')) refuse('starts at the home directory (~)');
  if (raw.endsWith('/')) refuse('ends with a slash, so it names a folder, not a file');
}

function refuser(raw: string): (problem: string) => never {
  return (problem) => {
    throw new PatchPathError(raw, problem);
  };
}
