import type { DiffTotals } from '../git/diff.js';
import type { LiveWorkspace } from './liveWorkspace.js';

/** Edits come in bursts; one count after the burst is enough. */
const SETTLE_MS = 750;

/**
 * The task's +/− while its turn runs: after the agent's edits settle, counts the live workspace
 * against the task's base (see LiveWorkspace) and reports what changed. At most
 * one count runs at a time; `stop` waits for it, so none overlaps the turn's commit.
 */
export class LiveDiffStats {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  // A workspace with no change yet is what the row already says.
  private last = '0:0:0';

  constructor(
    private readonly workspace: LiveWorkspace,
    private readonly report: (totals: DiffTotals) => void,
  ) {}

  /** The workspace changed (a patch was applied, a command ended). */
  poke(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.count(), SETTLE_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private count(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.measure().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.count();
      }
    });
  }

  private async measure(): Promise<void> {
    // A count that failed says nothing; the turn's end counts from the mirror anyway.
    const summary = await this.workspace.summary().catch(() => undefined);
    if (this.stopped || !summary) return;
    const { totals } = summary;
    const key = `${totals.filesChanged}:${totals.linesAdded}:${totals.linesRemoved}`;
    if (key === this.last) return;
    this.last = key;
    this.report(totals);
  }
}
