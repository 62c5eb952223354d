import type { DiffTotals } from '../git/diff.js';
import { assertObjectId } from '../git/refs.js';
import { WORKSPACE_DIR } from '../sandbox/containerConfig.js';
import type { Sandbox } from '../sandbox/sandbox.js';

/** Room to spare for any real numstat; past it the counts are left as they were. */
const OUTPUT_LIMIT = 4 * 1024 * 1024;
const TIMEOUT_MS = 30_000;
/** Edits come in bursts; one count after the burst is enough. */
const SETTLE_MS = 750;

// The agent's workspace through a copy of its index, so its own staging is left as it was:
// untracked files count (the turn's commit will take them), and ignored ones do not.
const SCRIPT = `
set -eu
index=$(mktemp)
trap 'rm -f "$index" "$index.lock"' EXIT
cp .git/index "$index" 2>/dev/null || true
export GIT_INDEX_FILE="$index"
git -c core.fsmonitor=false add -A
git -c core.fsmonitor=false diff --cached --numstat -z --no-renames "$1" --
`;

/** Totals of `git diff --numstat -z` records; what is not one (the agent controls this output) is skipped. */
export function numstatTotals(output: string): DiffTotals {
  const totals: DiffTotals = { filesChanged: 0, linesAdded: 0, linesRemoved: 0 };
  for (const record of output.split('\0')) {
    const match = /^(\d+|-)\t(\d+|-)\t./.exec(record);
    if (!match) continue;
    totals.filesChanged += 1;
    totals.linesAdded += match[1] === '-' ? 0 : Number(match[1]);
    totals.linesRemoved += match[2] === '-' ? 0 : Number(match[2]);
  }
  return totals;
}

/**
 * The task's +/− while its turn runs: after the agent's edits settle, counts the live workspace
 * against the task's base in the sandbox, as the agent user, and reports what changed. At most
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
    private readonly sandbox: Sandbox,
    private readonly base: string,
    private readonly report: (totals: DiffTotals) => void,
  ) {
    assertObjectId(base, 'Base commit');
  }

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
    let output = '';
    let overflow = false;
    const result = await this.sandbox
      .exec(['sh', '-c', SCRIPT, 'codebay-live-diff', this.base], {
        cwd: WORKSPACE_DIR,
        user: 'agent',
        timeoutMs: TIMEOUT_MS,
        onOutput: (stream, text) => {
          if (stream !== 'stdout') return;
          if (output.length + text.length > OUTPUT_LIMIT) overflow = true;
          else output += text;
        },
      })
      .catch(() => undefined);
    // A count that failed or overflowed says nothing; the turn's end counts from the mirror anyway.
    if (this.stopped || !result || result.exitCode !== 0 || overflow) return;
    const totals = numstatTotals(output);
    const key = `${totals.filesChanged}:${totals.linesAdded}:${totals.linesRemoved}`;
    if (key === this.last) return;
    this.last = key;
    this.report(totals);
  }
}
