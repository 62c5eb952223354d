import { byteSize } from '../../shared/byteSize.js';
import type { Sandbox } from './sandbox.js';

/** What a sandbox may hold on disk when its environment sets no limit. */
export const DEFAULT_DISK_BYTES = 20 * 1024 ** 3;

/** How often a running sandbox's disk use is measured. */
export const DISK_CHECK_INTERVAL_MS = 5_000;
const MEASURE_TIMEOUT_MS = 120_000;

/**
 * Bytes the sandbox wrote: its container layer (Docker's SizeRw, everything written outside
 * the workspace) plus the workspace volume, which that layer does not hold. Both count
 * apparent sizes, each inode once, so a sparse file counts at its full length: the limit
 * errs on the side of stopping.
 */
export async function sandboxDiskUse(sandbox: Sandbox, signal?: AbortSignal): Promise<number> {
  const [layer, workspace] = await Promise.all([containerLayerBytes(sandbox), workspaceBytes(sandbox, signal)]);
  return layer + workspace;
}

async function containerLayerBytes(sandbox: Sandbox): Promise<number> {
  // dockerode passes the option on as `?size=1`; its types do not list it.
  const inspect = sandbox.container.inspect.bind(sandbox.container) as (options: { size: boolean }) => Promise<{ SizeRw?: number }>;
  const info = await inspect({ size: true });
  if (typeof info.SizeRw !== 'number') throw new Error(`Docker did not report the size of sandbox ${sandbox.label}'s container layer`);
  return info.SizeRw;
}

async function workspaceBytes(sandbox: Sandbox, signal?: AbortSignal): Promise<number> {
  let stdout = '';
  const result = await sandbox.exec(['nice', '-n', '19', 'du', '-s', '-x', '-b', '--', '/workspace'], {
    user: 'root',
    timeoutMs: MEASURE_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
    onOutput: (stream, text) => {
      if (stream === 'stdout') stdout += text;
    },
  });
  if (result.timedOut) {
    throw new DiskLimitExceeded(`Measuring the task's workspace took over ${MEASURE_TIMEOUT_MS / 1000} s: it holds too many files, so the task was stopped; have it keep fewer files (build outputs, caches)`);
  }
  // du exits 1 when a file vanished while it walked; the size it printed still counts.
  const size = /^(\d+)\t/.exec(stdout)?.[1];
  if (size === undefined || (result.exitCode !== 0 && result.exitCode !== 1)) {
    throw new Error(`Could not measure the workspace of sandbox ${sandbox.label} (du exited with ${result.exitCode})`);
  }
  return Number(size);
}

/** The sandbox outgrew its disk limit; the message is for the user as is. */
export class DiskLimitExceeded extends Error {}

/**
 * Docker's storage driver here cannot cap a container's size (overlay2 on ext4 has no
 * `--storage-opt size`), so the limit is a watchdog: the sandbox is measured every few
 * seconds, and past its limit the task is stopped. A sandbox can outgrow the limit by what
 * it writes within one interval.
 */
export class DiskWatch {
  private timer: NodeJS.Timeout | undefined;
  private readonly measuring = new AbortController();
  private stopped = false;

  constructor(
    private readonly limitBytes: number,
    private readonly onExceeded: (error: DiskLimitExceeded) => void,
    private readonly intervalMs: number = DISK_CHECK_INTERVAL_MS,
  ) {}

  watch(sandbox: Sandbox): void {
    this.schedule(sandbox);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.measuring.abort();
  }

  private schedule(sandbox: Sandbox): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(sandbox), this.intervalMs);
  }

  private async check(sandbox: Sandbox): Promise<void> {
    try {
      const used = await sandboxDiskUse(sandbox, this.measuring.signal);
      if (this.stopped) return;
      if (used > this.limitBytes) {
        this.stop();
        this.onExceeded(
          new DiskLimitExceeded(
            `The task's sandbox used ${byteSize(used)} of disk, over its limit of ${byteSize(this.limitBytes)}, so the task was stopped and its sandbox removed. Raise the environment's disk limit, or have the task keep less on disk (build outputs, caches)`,
          ),
        );
        return;
      }
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof DiskLimitExceeded) {
        this.stop();
        this.onExceeded(error);
        return;
      }
      // A sandbox that is gone or busy is the turn's own failure to report; measuring tries again.
    }
    this.schedule(sandbox);
  }
}
