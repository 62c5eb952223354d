import os from 'node:os';

export type StopReason = 'cancelled' | 'deadline' | 'shutdown';

/** Why a run's signal fired; read from `signal.reason`. */
export class RunStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`task ${reason}`);
    this.name = 'RunStopped';
  }
}

export interface Job {
  taskId: string;
  /** Jobs are taken round-robin across these keys, so one environment cannot starve the others. */
  fairnessKey: string;
  /** Absolute time (ms since epoch) after which the run is stopped with reason "deadline". */
  deadlineAt?: number;
}

export type RunJob = (job: Job, signal: AbortSignal) => Promise<void>;

export interface SchedulerOptions {
  concurrency: number;
  run: RunJob;
  onError?: (job: Job, error: unknown) => void;
}

/** A default that leaves room for the engine: about one task per core and per 2 GiB. */
export function defaultConcurrency(cores = os.cpus().length, memoryBytes = os.totalmem()): number {
  return Math.max(1, Math.min(cores * 2, Math.floor(memoryBytes / 2 ** 31), 8));
}

/**
 * Unbounded queue with at most `concurrency` jobs running. Each run gets an
 * AbortSignal that fires on cancel, deadline or shutdown.
 */
export class Scheduler {
  private readonly queues = new Map<string, Job[]>();
  private readonly running = new Map<string, { job: Job; controller: AbortController; done: Promise<void>; timer?: NodeJS.Timeout }>();
  private concurrency: number;
  private closed = false;

  constructor(private readonly options: SchedulerOptions) {
    this.concurrency = Math.max(1, options.concurrency);
  }

  enqueue(job: Job): void {
    if (this.closed) throw new Error(`the scheduler is shut down; task ${job.taskId} was not queued`);
    if (this.isKnown(job.taskId)) return;
    const queue = this.queues.get(job.fairnessKey) ?? [];
    queue.push(job);
    // Re-inserting moves the key to the back of the rotation only when it was empty.
    if (!this.queues.has(job.fairnessKey)) this.queues.set(job.fairnessKey, queue);
    this.pump();
  }

  /** Removes a queued job or stops a running one; false when the task is not here. */
  cancel(taskId: string): boolean {
    for (const [key, queue] of this.queues) {
      const index = queue.findIndex((j) => j.taskId === taskId);
      if (index >= 0) {
        queue.splice(index, 1);
        if (queue.length === 0) this.queues.delete(key);
        return true;
      }
    }
    const entry = this.running.get(taskId);
    if (!entry) return false;
    entry.controller.abort(new RunStopped('cancelled'));
    return true;
  }

  concurrencyLimit(): number {
    return this.concurrency;
  }

  setConcurrency(concurrency: number): void {
    this.concurrency = Math.max(1, Math.floor(concurrency));
    this.pump();
  }

  isQueued(taskId: string): boolean {
    return [...this.queues.values()].some((q) => q.some((j) => j.taskId === taskId));
  }

  isRunning(taskId: string): boolean {
    return this.running.has(taskId);
  }

  runningCount(): number {
    return this.running.size;
  }

  queuedCount(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  /** The queued tasks in the order they will start, as the round-robin across fairness keys takes them. */
  queueOrder(): string[] {
    const rotation: Job[][] = [...this.queues.values()].map((queue) => [...queue]);
    const order: string[] = [];
    for (let queue = rotation.shift(); queue; queue = rotation.shift()) {
      const job = queue.shift();
      if (job) order.push(job.taskId);
      if (queue.length > 0) rotation.push(queue);
    }
    return order;
  }

  /** Waits for a running task to finish (resolves at once when it is not running). */
  async settled(taskId: string): Promise<void> {
    await this.running.get(taskId)?.done;
  }

  /** Stops taking jobs, stops every running one, and waits for them. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.queues.clear();
    const runs = [...this.running.values()];
    for (const entry of runs) entry.controller.abort(new RunStopped('shutdown'));
    await Promise.all(runs.map((e) => e.done));
  }

  private isKnown(taskId: string): boolean {
    return this.running.has(taskId) || this.isQueued(taskId);
  }

  private next(): Job | undefined {
    const first = this.queues.entries().next();
    if (first.done) return undefined;
    const [key, queue] = first.value;
    const job = queue.shift();
    this.queues.delete(key);
    // The key goes to the back of the rotation if it still has work.
    if (queue.length > 0) this.queues.set(key, queue);
    return job;
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency) {
      const job = this.next();
      if (!job) return;
      this.start(job);
    }
  }

  private start(job: Job): void {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    if (job.deadlineAt !== undefined) {
      timer = setTimeout(() => controller.abort(new RunStopped('deadline')), Math.max(0, job.deadlineAt - Date.now()));
    }
    const done = (async () => {
      try {
        await this.options.run(job, controller.signal);
      } catch (error) {
        this.options.onError?.(job, error);
      } finally {
        clearTimeout(timer);
        this.running.delete(job.taskId);
        this.pump();
      }
    })();
    this.running.set(job.taskId, { job, controller, done, ...(timer ? { timer } : {}) });
  }
}
