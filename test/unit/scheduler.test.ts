import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConcurrency, type Job, RunStopped, Scheduler } from '../../electron/tasks/scheduler.js';

function waitAbort(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Scheduler', () => {
  it('never runs more than the concurrency and runs everything', async () => {
    let active = 0;
    let peak = 0;
    const finished: string[] = [];
    // Each run holds until the test lets it end, so the test decides the order runs finish in.
    const holding = new Map<string, () => void>();
    const scheduler = new Scheduler({
      concurrency: 3,
      run: async (job) => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise<void>((release) => holding.set(job.taskId, release));
        active -= 1;
        finished.push(job.taskId);
      },
    });
    for (let i = 0; i < 10; i++) scheduler.enqueue({ taskId: `t${i}`, fairnessKey: 'env' });
    expect(scheduler.runningCount()).toBe(3);
    expect(scheduler.queuedCount()).toBe(7);
    // Newest first, so runs end in another order than they started.
    for (let next = [...holding].at(-1); next; next = [...holding].at(-1)) {
      const [taskId, release] = next;
      holding.delete(taskId);
      release();
      await scheduler.settled(taskId);
    }
    expect(peak).toBe(3);
    expect(new Set(finished).size).toBe(10);
    expect(scheduler.runningCount()).toBe(0);
  });

  it('takes environments in turn so a long queue does not starve another', async () => {
    const order: string[] = [];
    const scheduler = new Scheduler({ concurrency: 1, run: async (job) => void order.push(job.taskId) });
    const gate: Job = { taskId: 'gate', fairnessKey: 'a' };
    scheduler.enqueue(gate);
    for (let i = 0; i < 4; i++) scheduler.enqueue({ taskId: `a${i}`, fairnessKey: 'a' });
    scheduler.enqueue({ taskId: 'b0', fairnessKey: 'b' });
    scheduler.enqueue({ taskId: 'b1', fairnessKey: 'b' });
    // The queue as shown to the user ("3rd in line") is the order the runs then take.
    expect(scheduler.queueOrder()).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'a3']);
    // Each run ends at once and starts the next; a run missing from this order has not run by its turn.
    for (const taskId of ['gate', 'a0', 'b0', 'a1', 'b1', 'a2', 'a3']) await scheduler.settled(taskId);
    expect(order).toEqual(['gate', 'a0', 'b0', 'a1', 'b1', 'a2', 'a3']);
  });

  it('cancels a queued task without running it and aborts a running one', async () => {
    const reasons: unknown[] = [];
    const ran: string[] = [];
    const scheduler = new Scheduler({
      concurrency: 1,
      run: async (job, signal) => {
        ran.push(job.taskId);
        reasons.push(await waitAbort(signal));
      },
    });
    scheduler.enqueue({ taskId: 'running', fairnessKey: 'e' });
    scheduler.enqueue({ taskId: 'queued', fairnessKey: 'e' });
    expect(scheduler.cancel('queued')).toBe(true);
    expect(scheduler.isQueued('queued')).toBe(false);
    expect(scheduler.cancel('running')).toBe(true);
    await scheduler.settled('running');
    expect(ran).toEqual(['running']);
    expect(reasons[0]).toBeInstanceOf(RunStopped);
    expect((reasons[0] as RunStopped).reason).toBe('cancelled');
    expect(scheduler.cancel('unknown')).toBe(false);
  });

  it('stops a run at its deadline, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let reason: unknown;
    const scheduler = new Scheduler({ concurrency: 1, run: async (_job, signal) => void (reason = await waitAbort(signal)) });
    scheduler.enqueue({ taskId: 'slow', fairnessKey: 'e', deadlineAt: Date.now() + 60 });
    await vi.advanceTimersByTimeAsync(59);
    expect(scheduler.isRunning('slow')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    await scheduler.settled('slow');
    expect((reason as RunStopped).reason).toBe('deadline');
  });

  it('keeps going after a run throws, and reports the error', async () => {
    const errors: string[] = [];
    const done: string[] = [];
    const scheduler = new Scheduler({
      concurrency: 1,
      run: async (job) => {
        if (job.taskId === 'bad') throw new Error('boom');
        done.push(job.taskId);
      },
      onError: (job, error) => errors.push(`${job.taskId}: ${(error as Error).message}`),
    });
    scheduler.enqueue({ taskId: 'bad', fairnessKey: 'e' });
    scheduler.enqueue({ taskId: 'good', fairnessKey: 'e' });
    await scheduler.settled('bad');
    await scheduler.settled('good');
    expect(errors).toEqual(['bad: boom']);
    expect(done).toEqual(['good']);
  });

  it('raising the concurrency starts queued jobs at once; shutdown aborts all', async () => {
    const scheduler = new Scheduler({ concurrency: 1, run: (_job, signal) => waitAbort(signal).then(() => undefined) });
    for (let i = 0; i < 4; i++) scheduler.enqueue({ taskId: `t${i}`, fairnessKey: 'e' });
    expect(scheduler.runningCount()).toBe(1);
    scheduler.setConcurrency(3);
    expect(scheduler.runningCount()).toBe(3);
    await scheduler.shutdown();
    expect(scheduler.runningCount()).toBe(0);
    expect(() => scheduler.enqueue({ taskId: 'late', fairnessKey: 'e' })).toThrow(/shut down/);
  });

  it('derives a default concurrency from cores and memory', () => {
    expect(defaultConcurrency(2, 24 * 2 ** 30)).toBe(4);
    expect(defaultConcurrency(16, 4 * 2 ** 30)).toBe(2);
    expect(defaultConcurrency(1, 1 * 2 ** 30)).toBe(1);
    expect(defaultConcurrency(64, 512 * 2 ** 30)).toBe(8);
  });
});
