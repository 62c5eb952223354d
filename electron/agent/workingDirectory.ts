import { ActionableError } from '../errors.js';

/** The working directory as a clean workspace-relative path ('' for the root); refuses paths that leave the workspace. */
export function normalizeWorkingDirectory(raw: string | undefined): string {
  const text = raw?.trim() ?? '';
  const segments = text.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (text.startsWith('/') || text.includes('\\') || segments.includes('..')) {
    throw new ActionableError(
      `The working directory "${raw ?? ''}" is not a folder inside the repository`,
      'Give a folder relative to the repository root, such as packages/app, or leave it empty for the root',
    );
  }
  return segments.join('/');
}

/** Every folder from the root down to `dir`, root first: '' , 'a', 'a/b'. */
export function foldersDownTo(dir: string): string[] {
  const segments = dir === '' ? [] : dir.split('/');
  return ['', ...segments.map((_, index) => segments.slice(0, index + 1).join('/'))];
}
