import type { FileVersionsView } from '../../../shared/types';
import { bridge } from '../bridge';
import { errorMessage } from '../ui/errorMessage';

export type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'failed'; message: string };

/**
 * Both sides of the files of one diff (a task, a turn, one revision of its result or of its live workspace), each fetched
 * once: going back to a file, or to one fetched ahead, costs no round trip to the engine. Make a
 * new cache when the diff changes; it lives as long as the Diff tab that holds it, which also
 * uses it as the diff's identity: what was fetched for another cache belongs to another diff.
 */
export class FileVersionsCache {
  private readonly entries = new Map<string, Loaded<FileVersionsView>>();

  constructor(
    readonly taskId: string,
    /** The turn whose changes this diff holds; undefined for all turns. */
    readonly turn: number | undefined,
    /** Called when a fetch ends, to draw what it brought. */
    private readonly onSettled: () => void,
    /** The running turn's workspace rather than a committed result. */
    readonly live = false,
  ) {}

  get(path: string, oldPath: string | undefined): Loaded<FileVersionsView> | undefined {
    return this.entries.get(keyOf(path, oldPath));
  }

  /** Starts fetching a file unless it is fetched or on its way. */
  load(path: string, oldPath: string | undefined): void {
    const key = keyOf(path, oldPath);
    if (this.entries.has(key)) return;
    this.entries.set(key, { kind: 'loading' });
    const fetched = this.live ? bridge.call('tasks.liveFileVersions', { id: this.taskId, path, oldPath }) : bridge.call('tasks.fileVersions', { id: this.taskId, path, oldPath, turn: this.turn });
    fetched.then(
      (value) => this.settle(key, { kind: 'ready', value }),
      (error: unknown) => this.settle(key, { kind: 'failed', message: errorMessage(error) }),
    );
  }

  /** Lets a file that failed to load be asked for again (when the reader picks it again); true if it had failed. */
  forgetFailure(path: string, oldPath: string | undefined): boolean {
    const key = keyOf(path, oldPath);
    return this.entries.get(key)?.kind === 'failed' && this.entries.delete(key);
  }

  private settle(key: string, entry: Loaded<FileVersionsView>): void {
    this.entries.set(key, entry);
    this.onSettled();
  }
}

function keyOf(path: string, oldPath: string | undefined): string {
  return oldPath === undefined ? path : `${path}\u0000${oldPath}`;
}
