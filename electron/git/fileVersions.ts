import type { Mirror } from './mirror.js';
import { assertRevision } from './refs.js';
import { runGit } from './run.js';
import { entryAt, type TreeEntry } from './treeEntry.js';

/** Files above this size are not sent to the editor. */
export const MAX_EDITOR_FILE_BYTES = 5 * 1024 * 1024;

// git's own rule: a NUL byte in the first 8000 bytes makes a file binary.
const BINARY_SNIFF_BYTES = 8000;

export interface FileVersions {
  /** Content at `from`; null when the file did not exist there, is binary or too large. */
  original: string | null;
  /** Content at `to`; null when the file does not exist there, is binary or too large. */
  modified: string | null;
  binary: boolean;
  /** Set when either side exceeds MAX_EDITOR_FILE_BYTES; contents are then withheld. */
  tooLarge: boolean;
  originalBytes: number | null;
  modifiedBytes: number | null;
}

/** One side of a file pair: its size, and its bytes unless it is absent or larger than the editor takes. */
export interface FileSide {
  content: Buffer | null;
  bytes: number | null;
}

/**
 * Both sides of one file between two commits, for a side-by-side editor. For a
 * renamed file pass its old path as `oldPath`.
 */
export async function fileVersions(mirror: Mirror, from: string, to: string, path: string, oldPath: string = path): Promise<FileVersions> {
  assertRevision(from, 'From');
  assertRevision(to, 'To');
  const [before, after] = await Promise.all([sideAt(mirror, from, oldPath), sideAt(mirror, to, path)]);
  return versionsOf(before, after);
}

/** A file as a commit of the mirror holds it. */
export async function sideAt(mirror: Mirror, commit: string, path: string): Promise<FileSide> {
  const entry = await entryAt(mirror, commit, path);
  const bytes = entry?.size ?? null;
  return { content: (bytes ?? 0) > MAX_EDITOR_FILE_BYTES ? null : await contentOf(mirror, entry), bytes };
}

/** The editor's view of two sides: text, or why there is none (binary, too large). */
export function versionsOf(before: FileSide, after: FileSide): FileVersions {
  const originalBytes = before.bytes;
  const modifiedBytes = after.bytes;
  if ((originalBytes ?? 0) > MAX_EDITOR_FILE_BYTES || (modifiedBytes ?? 0) > MAX_EDITOR_FILE_BYTES) {
    return { original: null, modified: null, binary: false, tooLarge: true, originalBytes, modifiedBytes };
  }
  const binary = isBinary(before.content) || isBinary(after.content);
  return {
    original: binary || before.content === null ? null : before.content.toString('utf8'),
    modified: binary || after.content === null ? null : after.content.toString('utf8'),
    binary,
    tooLarge: false,
    originalBytes,
    modifiedBytes,
  };
}

async function contentOf(mirror: Mirror, entry: TreeEntry | null): Promise<Buffer | null> {
  if (entry === null) return null;
  // A submodule shows as the commit it points at, the way `git diff` prints it.
  if (entry.type === 'commit') return Buffer.from(`Subproject commit ${entry.id}\n`);
  if (entry.type !== 'blob') return null;
  const { stdout } = await runGit(['cat-file', 'blob', entry.id], { gitDir: mirror.gitDir, maxBytes: MAX_EDITOR_FILE_BYTES + 1 });
  return stdout;
}

function isBinary(content: Buffer | null): boolean {
  return content !== null && content.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}
