import type { Mirror } from './mirror.js';
import { runGit } from './run.js';

export interface TreeEntry {
  /** Git's file mode: 100644/100755 for files, 120000 for symlinks, 160000 for submodules. */
  mode: string;
  type: string;
  id: string;
  size: number;
}

const REGULAR_FILE_MODES = new Set(['100644', '100755']);

/** One path's entry in a commit's tree; null when the commit has nothing at that path. */
export async function entryAt(mirror: Mirror, commit: string, filePath: string): Promise<TreeEntry | null> {
  // Literal pathspecs: a file named `*.md` or `:(glob)x` means exactly that file.
  const { stdout } = await runGit(['--literal-pathspecs', 'ls-tree', '-z', '--long', '--full-tree', commit, '--', filePath], {
    gitDir: mirror.gitDir,
  });
  for (const record of stdout.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0 || record.slice(tab + 1) !== filePath) continue;
    const [mode = '', type = '', id = '', size = ''] = record.slice(0, tab).split(/ +/);
    return { mode, type, id, size: type === 'blob' ? Number(size) : 0 };
  }
  return null;
}

export type CommittedFile = { kind: 'file'; content: Buffer } | { kind: 'missing' } | { kind: 'not a regular file' };

/**
 * A regular file's bytes at a commit, read from the mirror. Symlinks, submodules and
 * folders are reported as such, since only a checkout can say what they resolve to.
 */
export async function committedFile(mirror: Mirror, commit: string, filePath: string, maxBytes: number): Promise<CommittedFile> {
  const entry = await entryAt(mirror, commit, filePath);
  if (entry === null) return { kind: 'missing' };
  if (entry.type !== 'blob' || !REGULAR_FILE_MODES.has(entry.mode)) return { kind: 'not a regular file' };
  const { stdout } = await runGit(['cat-file', 'blob', entry.id], { gitDir: mirror.gitDir, maxBytes });
  return { kind: 'file', content: stdout };
}
