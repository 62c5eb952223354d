import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm run test:unit`, the quick check on a laptop, tries 1,000 fuzz cases per
// property instead of 10,000; `npm test` keeps the full count, and FUZZ_RUNS
// set by hand wins over both.
const quickFuzz = process.env.npm_lifecycle_event === 'test:unit' && process.env.FUZZ_RUNS === undefined;

// Two projects: `unit` needs neither Docker nor Chromium, `system` holds the
// integration and e2e tests. `npm test` runs both, unit first.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 600_000,
    reporters: ['default', './test/support/summaryReporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          env: quickFuzz ? { FUZZ_RUNS: '1000' } : {},
          // Unit files share nothing, so they run side by side. Vitest's default of
          // cores − 1 would mean one at a time on a 2-core machine, where these files
          // spend much of their time waiting on git child processes.
          maxWorkers: Math.max(2, availableParallelism() - 1),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          // These files share one Docker engine and a 2-core machine, so they run one at a time.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
