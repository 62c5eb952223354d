import type { Sandbox } from '../sandbox/sandbox.js';

/**
 * Sandboxes kept after a turn so a follow-up continues in the same container
 * (installed packages, build caches). Only the most recent few are kept: a
 * follow-up to an older task recreates its sandbox from the last turn's ref.
 */
export class LiveSandboxes {
  private readonly idle = new Map<string, Sandbox>();

  constructor(
    private readonly capacity: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Hands out the task's kept sandbox if it is still running. */
  async take(taskId: string): Promise<Sandbox | undefined> {
    const sandbox = this.idle.get(taskId);
    if (!sandbox) return undefined;
    this.idle.delete(taskId);
    if (await sandbox.isRunning().catch(() => false)) return sandbox;
    await this.discard(sandbox);
    return undefined;
  }

  keep(taskId: string, sandbox: Sandbox): void {
    this.idle.set(taskId, sandbox);
    while (this.idle.size > this.capacity) {
      const [oldestId, oldest] = this.idle.entries().next().value as [string, Sandbox];
      this.idle.delete(oldestId);
      void this.discard(oldest);
    }
  }

  async drop(taskId: string): Promise<void> {
    const sandbox = this.idle.get(taskId);
    if (!sandbox) return;
    this.idle.delete(taskId);
    await this.discard(sandbox);
  }

  async close(): Promise<void> {
    const all = [...this.idle.values()];
    this.idle.clear();
    await Promise.all(all.map((s) => this.discard(s)));
  }

  private async discard(sandbox: Sandbox): Promise<void> {
    await sandbox.remove().catch(this.onError);
  }
}
