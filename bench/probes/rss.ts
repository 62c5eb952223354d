export interface RssSampler {
  /** Stops sampling; the peak resident set size seen, in MiB, and how many samples were taken. */
  stop(): { peakMiB: number; samples: number };
}

/** Samples process.memoryUsage().rss every `intervalMs`. */
export function startRssSampler(intervalMs = 100): RssSampler {
  let peak = process.memoryUsage().rss;
  let samples = 1;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
    samples += 1;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { peakMiB: peak / 2 ** 20, samples: samples + 1 };
    },
  };
}
