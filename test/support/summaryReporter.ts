import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** One line per skipped test, so a CI log says which tests did not run and why. */
function skippedLine(test: TestCase): string {
  const result = test.result();
  const file = path.relative(process.cwd(), test.module.moduleId);
  const note = result.state === 'skipped' && result.note ? `: ${result.note}` : '';
  return `skipped: ${file} > ${test.fullName}${note}\n`;
}

// Prints one closing line in the plain "N passed, N failed" form that CI reads,
// counting a test file that failed to load as a failure, after a line for each
// skipped test with its reason.
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    const skipped: TestCase[] = [];
    for (const testModule of testModules) {
      let tests = 0;
      for (const test of testModule.children.allTests()) {
        tests += 1;
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped.push(test);
      }
      if (tests === 0 && !testModule.ok()) failed += 1;
    }
    if (skipped.length > 0) process.stdout.write(`\n${skipped.map(skippedLine).join('')}`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped.length} skipped\n`);
  }
}
