import { type DiffSummary, type FileChange, parseRawNumstat, totalsOf } from '../git/diff.js';
import { type FileSide, type FileVersions, MAX_EDITOR_FILE_BYTES, sideAt, versionsOf } from '../git/fileVersions.js';
import type { Mirror } from '../git/mirror.js';
import { assertObjectId } from '../git/refs.js';
import { ActionableError } from '../errors.js';
import { WORKSPACE_DIR } from '../sandbox/containerConfig.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { maskableSecrets, secretMask } from './redact.js';
import { secretOccurrences } from './secretForms.js';

/** Room to spare for any real file list; past it the workspace is too big a change to list live. */
const LIST_LIMIT = 4 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

// Both scripts see the workspace through a copy of the agent's index, so its own staging is
// left as it was: untracked files count (the turn's commit will take them), ignored ones do not.
// The copy keeps the index's mtime: git re-reads a file written in the same second as the index
// only while the index looks that old, so a same-size edit right after checkout is not missed.
const STAGE = `
set -eu
index=$(mktemp)
trap 'rm -f "$index" "$index.lock"' EXIT
cp -p .git/index "$index" 2>/dev/null || true
export GIT_INDEX_FILE="$index"
git -c core.fsmonitor=false add -A
`;

// The tree the turn would commit now (so callers can tell any edit, even one that keeps the
// counts), then the files changed since the base.
const SUMMARY_SCRIPT = `${STAGE}
git write-tree
git -c core.fsmonitor=false diff --cached --raw --numstat -z --no-abbrev --no-color --no-ext-diff --no-textconv --find-renames "$1" --
`;

// One file as the turn would commit it: a header line ("missing", "commit <id>" for a
// submodule, or "blob <size>"), then the blob's bytes unless they are over the limit.
const FILE_SCRIPT = `${STAGE}
id=$(git rev-parse --verify -q ":0:$1") || { echo missing; exit 0; }
if [ "$(git cat-file -t "$id")" = commit ]; then echo "commit $id"; exit 0; fi
size=$(git cat-file -s "$id")
echo "blob $size"
if [ "$size" -le "$2" ]; then git cat-file blob "$id"; fi
`;

export interface LiveSummary extends DiffSummary {
  /** The workspace's content as a tree id: it changes with every edit, even one that keeps the counts. */
  tree: string;
}

/**
 * The workspace of a running Code turn, read live for its +/− and the Diff tab: what the agent
 * has changed against the task's base, before any of it is committed. What leaves is masked:
 * a path holding a secret's value shows it masked, and a file holding one in any form (more
 * often than at the base) is not shown at all. Reads run as the agent in its sandbox; `close`
 * waits for them and refuses new ones, so none overlaps the turn's commit; the list last read
 * stands until the result replaces it.
 */
export class LiveWorkspace {
  private closed = false;
  private last: LiveSummary | undefined;
  private readonly reads = new Set<Promise<unknown>>();
  private readonly mask: (text: string) => string;
  private readonly secrets: string[];

  constructor(
    private readonly sandbox: Sandbox,
    private readonly mirror: Mirror,
    /** The commit the task started from: the live diff holds all its turns' changes. */
    readonly base: string,
    secretValues: readonly string[],
    /** The task, as errors name it. */
    private readonly title: string,
  ) {
    assertObjectId(base, 'Base commit');
    this.secrets = maskableSecrets(secretValues);
    this.mask = secretMask(this.secrets);
  }

  /** Once closed, the last list read: what the turn is committing. */
  summary(): Promise<LiveSummary> {
    if (this.closed && this.last) return Promise.resolve(this.last);
    return this.read(async () => {
      const output = await this.run(SUMMARY_SCRIPT, [this.base], LIST_LIMIT, 'list the files it changed');
      const newline = output.indexOf('\n');
      const tree = output.slice(0, newline);
      if (!/^[0-9a-f]{40,64}$/.test(tree)) throw this.unreadable('list the files it changed');
      let files: FileChange[];
      try {
        files = parseRawNumstat(output.slice(newline + 1));
      } catch {
        throw this.unreadable('list the files it changed');
      }
      const shown = files.map((file) => ({ ...file, path: this.mask(file.path), ...(file.oldPath === undefined ? {} : { oldPath: this.mask(file.oldPath) }) }));
      this.last = { tree, files: shown, totals: totalsOf(shown) };
      return this.last;
    });
  }

  /** Both sides of one file: the base's from the mirror, the live one from the sandbox. */
  file(path: string, oldPath: string = path): Promise<FileVersions> {
    for (const name of [path, oldPath]) {
      // The workspace's paths are relative and plain; anything else is not one of its files.
      if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) {
        throw new ActionableError(`"${name}" is not a path inside the workspace of “${this.title}”`, 'Pick the file from the Diff tab’s list');
      }
    }
    return this.read(async () => {
      const [before, after] = await Promise.all([sideAt(this.mirror, this.base, oldPath), this.liveSide(path)]);
      const added = this.secrets.filter((value) => occurrences(after, value) > occurrences(before, value));
      if (added.length > 0) {
        throw new ActionableError(
          `${path} in the workspace of “${this.title}” now holds the value of a secret, so it is not shown`,
          'Ask the agent to take the secret out; a result holding one is refused when the turn ends',
        );
      }
      return versionsOf(before, after);
    });
  }

  /** Refuses new reads and waits for those under way. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.reads]);
  }

  private async liveSide(path: string): Promise<FileSide> {
    const output = await this.run(FILE_SCRIPT, [path, String(MAX_EDITOR_FILE_BYTES)], MAX_EDITOR_FILE_BYTES + 1024, `read ${path}`);
    const newline = output.indexOf('\n');
    const header = newline === -1 ? output : output.slice(0, newline);
    if (header === 'missing') return { content: null, bytes: null };
    const submodule = /^commit ([0-9a-f]{40,64})$/.exec(header);
    // A submodule shows as the commit it points at, the way `git diff` prints it.
    if (submodule) return { content: Buffer.from(`Subproject commit ${submodule[1]}\n`), bytes: 0 };
    const blob = /^blob (\d+)$/.exec(header);
    if (!blob) throw this.unreadable(`read ${path}`);
    const bytes = Number(blob[1]);
    return { content: bytes > MAX_EDITOR_FILE_BYTES ? null : Buffer.from(output.slice(newline + 1), 'utf8'), bytes };
  }

  private read<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new ActionableError(`The turn of “${this.title}” is ending, so its workspace is no longer read live`, 'Its result shows in the Diff tab in a moment'));
    }
    const reading = work();
    this.reads.add(reading);
    void reading.finally(() => this.reads.delete(reading)).catch(() => undefined);
    return reading;
  }

  private async run(script: string, args: readonly string[], limit: number, what: string): Promise<string> {
    let output = '';
    let overflow = false;
    const result = await this.sandbox.exec(['sh', '-c', script, 'codebay-live-diff', ...args], {
      cwd: WORKSPACE_DIR,
      user: 'agent',
      timeoutMs: TIMEOUT_MS,
      onOutput: (stream, text) => {
        if (stream !== 'stdout' || overflow) return;
        if (output.length + text.length > limit) overflow = true;
        else output += text;
      },
    });
    if (overflow) throw new ActionableError(`The workspace of “${this.title}” is too large a change to ${what} live`, 'Its result shows in the Diff tab when the turn ends');
    if (result.timedOut) throw new ActionableError(`Git in the sandbox of “${this.title}” took over ${TIMEOUT_MS / 1000} s to ${what}`, 'Try again in a moment; the result shows when the turn ends');
    if (result.exitCode !== 0) throw this.unreadable(what);
    return output;
  }

  private unreadable(what: string): ActionableError {
    return new ActionableError(`Git in the sandbox of “${this.title}” could not ${what} just now`, 'Try again in a moment; the result shows in the Diff tab when the turn ends');
  }
}

function occurrences(side: FileSide, value: string): number {
  return side.content === null ? 0 : secretOccurrences(side.content, value);
}
