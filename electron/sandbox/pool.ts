import type Docker from 'dockerode';
import { errorText } from '../errors.js';
import { createSandbox } from './createSandbox.js';
import { assertTaskId } from './labels.js';
import { resolveLimits } from './limits.js';
import type { SandboxLimits } from './limits.js';
import type { Sandbox } from './sandbox.js';

export interface SandboxPoolOptions {
  docker: Docker;
  image: string;
  instanceId: string;
  /** Idle containers kept started; 0 disables the pool (every claim creates). */
  size?: number;
  network?: string;
  /** Host folder of installed agent CLIs, mounted read-only in every sandbox. */
  agentsDir?: string;
  /** Background refill failures land here; a claim still works by creating cold. */
  onError?: (error: Error) => void;
}

export const DEFAULT_POOL_SIZE = 2;

/**
 * Started, idle containers of one image, so a task starts in well under a second.
 * Membership lives in memory (and in the containers' pool label and name); a claimed
 * container is renamed for its task and never returns to the pool.
 */
export class SandboxPool {
  private readonly idle: Sandbox[] = [];
  private filling: Promise<void> | undefined;
  private closed = false;
  readonly size: number;

  constructor(private readonly options: SandboxPoolOptions) {
    this.size = options.size ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(this.size) || this.size < 0) {
      throw new Error(`Sandbox pool size ${this.size} is not a whole number of containers: give 0 or more`);
    }
  }

  get idleCount(): number {
    return this.idle.length;
  }

  /** Starts filling the pool in the background; resolves when it is full (or a create failed). */
  fill(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.filling ??= this.fillLoop().finally(() => {
      this.filling = undefined;
    });
    return this.filling;
  }

  private async fillLoop(): Promise<void> {
    while (!this.closed && this.idle.length < this.size) {
      let sandbox: Sandbox;
      try {
        sandbox = await createSandbox({
          docker: this.options.docker,
          image: this.options.image,
          instanceId: this.options.instanceId,
          network: this.options.network,
          ...(this.options.agentsDir ? { agentsDir: this.options.agentsDir } : {}),
        });
      } catch (error) {
        // Stop rather than spin on a broken engine or image; the next claim retries.
        this.report(error, `Could not refill the sandbox pool for ${this.options.image}`);
        return;
      }
      if (this.closed) {
        await this.discard(sandbox);
        return;
      }
      this.idle.push(sandbox);
    }
  }

  /** A started sandbox for the task, from the pool when one is idle, else created now. */
  async claim(taskId: string, limits: Partial<SandboxLimits> = {}): Promise<Sandbox> {
    if (this.closed) throw new Error(`Cannot claim a sandbox for task ${taskId}: the pool for ${this.options.image} is closed`);
    assertTaskId(taskId);
    const resolved = resolveLimits(limits);
    try {
      for (let sandbox = this.idle.shift(); sandbox; sandbox = this.idle.shift()) {
        if (await this.handOver(sandbox, taskId, resolved)) return sandbox;
      }
      return await createSandbox({
        docker: this.options.docker,
        image: this.options.image,
        instanceId: this.options.instanceId,
        network: this.options.network,
        ...(this.options.agentsDir ? { agentsDir: this.options.agentsDir } : {}),
        taskId,
        limits: resolved,
      });
    } finally {
      void this.fill();
    }
  }

  private async handOver(sandbox: Sandbox, taskId: string, limits: SandboxLimits): Promise<boolean> {
    try {
      if (!(await sandbox.isRunning())) {
        await this.discard(sandbox);
        return false;
      }
      await sandbox.assignTask(taskId);
      await sandbox.applyLimits(limits);
      return true;
    } catch (error) {
      this.report(error, `Pooled sandbox ${sandbox.label} could not be handed to task ${taskId}; using another`);
      await this.discard(sandbox);
      return false;
    }
  }

  /** Stops refilling and removes the idle containers; claimed ones belong to their tasks. */
  async close(): Promise<void> {
    this.closed = true;
    await this.filling;
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((sandbox) => this.discard(sandbox)));
  }

  private async discard(sandbox: Sandbox): Promise<void> {
    try {
      await sandbox.remove();
    } catch (error) {
      this.report(error, `Could not remove pooled sandbox ${sandbox.label}; the reaper will on next start`);
    }
  }

  private report(error: unknown, what: string): void {
    this.options.onError?.(new Error(`${what}: ${errorText(error)}`, { cause: error }));
  }
}
