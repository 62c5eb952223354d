import { defineConfig } from 'vitest/config';

// Integration and e2e tests share one Docker engine and a 2-core machine, so
// files run one at a time; unit files are fast enough that this costs little.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 600_000,
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
