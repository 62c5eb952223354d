import { PatchPathError } from './errors.js';

/**
 * Checks a path named by a patch and returns it normalised (`./a//b` → `a/b`).
 * Paths must stay inside the workspace: no absolute paths, no `..`, nothing in `.git`.
 */
export function validatePatchPath(raw: string): string {
  const refuse = (problem: string): never => {
    throw new PatchPathError(raw, problem);
  };
  if (raw.includes('\0')) refuse('contains a NUL byte');
  if (raw.trim() === '') refuse('is empty');
  if (raw.includes('\\')) refuse('contains a backslash; separate folders with forward slashes');
  if (raw.startsWith('/') || /^[A-Za-z]:\//.test(raw)) refuse('is absolute');
  if (raw === '~' || raw.startsWith('~/')) refuse('starts at the home directory (~)');
  if (raw.endsWith('/')) refuse('ends with a slash, so it names a folder, not a file');
  const segments = raw.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) refuse('names the workspace root, not a file');
  if (segments.includes('..')) refuse("contains a '..' segment");
  // Case-insensitive because macOS and Windows file systems are.
  if (segments.some((segment) => segment.toLowerCase() === '.git')) refuse('points into .git/');
  return segments.join('/');
}
