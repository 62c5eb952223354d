import type { Measurement } from './result.js';

export interface BenchContext {
  /** Scratch space for this benchmark run, removed afterwards. */
  tempDir: string;
  log(line: string): void;
}

/** A benchmark returns its measurements or throws when it could not run. */
export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<Measurement[]>;
}
