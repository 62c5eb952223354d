import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopLagProbe {
  /** Stops the probe; the longest the event loop was blocked, and the 99th percentile, in ms. */
  stop(): { maxMs: number; p99Ms: number };
}

/** Samples event-loop delay every 5 ms while the code under test runs. */
export function startLoopLagProbe(): LoopLagProbe {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      // The histogram counts the 5 ms resolution itself as delay.
      return { maxMs: Math.max(0, histogram.max / 1e6 - 5), p99Ms: Math.max(0, histogram.percentile(99) / 1e6 - 5) };
    },
  };
}
