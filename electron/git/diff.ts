import type { Mirror } from './mirror.js';
import { assertRevision } from './refs.js';
import { git, runGit } from './run.js';

export type FileChangeStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied' | 'typechanged';

export interface FileChange {
  path: string;
  /** The path before a rename or copy. */
  oldPath?: string;
  status: FileChangeStatus;
  /** Lines added and removed; both 0 for binary files. */
  added: number;
  removed: number;
  binary: boolean;
}

export interface DiffTotals {
  filesChanged: number;
  linesAdded: number;
  linesRemoved: number;
}

export interface DiffSummary {
  files: FileChange[];
  totals: DiffTotals;
}

// External diff drivers and textconv filters would make the output depend on the
// machine; fixed prefixes keep patches appliable with `git apply -p1`.
const PLAIN_DIFF = ['--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', '--find-renames'] as const;

const STATUS_LETTERS: Record<string, FileChangeStatus> = {
  A: 'added',
  D: 'deleted',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'typechanged',
};

function assertRange(from: string, to: string): void {
  assertRevision(from, 'From');
  assertRevision(to, 'To');
}

/** Per-file line counts between two commits of the mirror, with renames detected. */
export async function numstat(mirror: Mirror, from: string, to: string): Promise<DiffSummary> {
  assertRange(from, to);
  const { stdout } = await runGit(['diff', '--raw', '--numstat', '-z', '--no-abbrev', ...PLAIN_DIFF, from, to, '--'], {
    gitDir: mirror.gitDir,
  });
  const files = parseRawNumstat(stdout.toString('utf8'));
  return { files, totals: totalsOf(files) };
}

export function totalsOf(files: readonly FileChange[]): DiffTotals {
  return files.reduce<DiffTotals>(
    (sum, file) => ({ filesChanged: sum.filesChanged + 1, linesAdded: sum.linesAdded + file.added, linesRemoved: sum.linesRemoved + file.removed }),
    { filesChanged: 0, linesAdded: 0, linesRemoved: 0 },
  );
}

/**
 * Reads `git diff --raw --numstat -z`: first one raw record per file
 * (`:modes shas STATUS\0path\0[newpath\0]`), then one numstat record per file
 * (`added\tremoved\tpath\0` or, for renames, `added\tremoved\t\0old\0new\0`).
 */
export function parseRawNumstat(output: string): FileChange[] {
  const fields = output.split('\0');
  if (fields.at(-1) === '') fields.pop();
  let at = 0;
  const next = (): string => {
    const field = fields[at++];
    if (field === undefined) throw new Error('git diff output ended in the middle of a record');
    return field;
  };

  const changes: FileChange[] = [];
  while (at < fields.length && fields[at]?.startsWith(':')) {
    const letter = next().split(' ').at(-1)?.charAt(0) ?? '';
    const status = STATUS_LETTERS[letter] ?? 'modified';
    const first = next();
    if (status === 'renamed' || status === 'copied') {
      changes.push({ path: next(), oldPath: first, status, added: 0, removed: 0, binary: false });
    } else {
      changes.push({ path: first, status, added: 0, removed: 0, binary: false });
    }
  }

  const byPath = new Map(changes.map((change) => [change.path, change]));
  while (at < fields.length) {
    // Only the first two tabs separate fields: a file name may hold tabs of its own.
    const [added = '', removed = '', ...nameParts] = next().split('\t');
    let path = nameParts.join('\t');
    if (path === '') {
      next();
      path = next();
    }
    const change = byPath.get(path);
    if (!change) throw new Error(`git diff --numstat named ${JSON.stringify(path)}, which --raw did not`);
    if (added === '-') {
      change.binary = true;
    } else {
      change.added += Number(added);
      change.removed += Number(removed);
    }
  }
  return changes;
}

/**
 * The patch from `from` to `to`, as bytes (files need not be UTF-8). Renames are
 * detected and binary files carried in full, so `git apply` reproduces `to`.
 */
export async function unifiedDiff(mirror: Mirror, from: string, to: string): Promise<Buffer> {
  assertRange(from, to);
  const { stdout } = await runGit(['diff', '--binary', '--full-index', ...PLAIN_DIFF, from, to, '--'], { gitDir: mirror.gitDir });
  return stdout;
}

/** The tree id of a commit, for cheap "did anything change" checks. */
export function treeOf(mirror: Mirror, commit: string): Promise<string> {
  assertRevision(commit, 'Commit');
  return git(['rev-parse', '--verify', `${commit}^{tree}`], { gitDir: mirror.gitDir });
}
