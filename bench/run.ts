import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorText } from '../electron/errors.js';
import type { Benchmark } from './benchmark.js';
import { diffBenchmark } from './diff.js';
import { eventIngestion } from './eventIngestion.js';
import { eventLogCommit } from './eventLogCommit.js';
import { gitMirrorRefresh } from './gitMirrorRefresh.js';
import { liveWorkspaceRead } from './liveWorkspace.js';
import { judged, type BenchResult } from './result.js';
import { sandboxPoolClaim } from './sandboxPoolClaim.js';
import { scale } from './scale.js';
import { taskCancel } from './taskCancel.js';
import { resultTable } from './table.js';
import { taskStart } from './taskStart.js';
import { taskStartBreakdown } from './taskStartBreakdown.js';
import { toolRoundTrip } from './toolRoundTrip.js';
import { uiDiff } from './uiDiff.js';
import { uiLog } from './uiLog.js';
import { uiStream } from './uiStream.js';
import { uiTaskList } from './uiTaskList.js';

const BENCHMARKS: readonly Benchmark[] = [eventIngestion, eventLogCommit, gitMirrorRefresh, sandboxPoolClaim, diffBenchmark, toolRoundTrip, liveWorkspaceRead, taskStart, taskCancel, taskStartBreakdown, scale, uiTaskList, uiLog, uiStream, uiDiff];

const USAGE = `usage: npm run bench [-- [name ...]]
Runs every benchmark, or those named (or, for a word naming none exactly, containing) one of the given words:
${BENCHMARKS.map((b) => `  ${b.name}`).join('\n')}`;

function matches(name: string, word: string): boolean {
  return BENCHMARKS.some((b) => b.name === word) ? name === word : name.includes(word);
}

/** bench/results.json in the source tree, whether this runs bundled from .cache/bench or from bench/ itself. */
function resultsFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.basename(path.dirname(here)) === '.cache' ? path.resolve(here, '..', '..') : path.resolve(here, '..');
  return path.join(root, 'bench', 'results.json');
}

async function main(): Promise<number> {
  const words = process.argv.slice(2);
  if (words.includes('--help') || words.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const chosen = words.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => words.some((w) => matches(b.name, w)));
  if (chosen.length === 0) {
    process.stderr.write(`No benchmark matches ${words.join(', ')}.\n${USAGE}\n`);
    return 2;
  }
  const results: BenchResult[] = [];
  const failures: string[] = [];
  for (const benchmark of chosen) {
    const tempDir = mkdtempSync(path.join(os.tmpdir(), 'codebay-bench-'));
    const log = (line: string): void => void process.stdout.write(`  [${benchmark.name}] ${line}\n`);
    process.stdout.write(`▸ ${benchmark.name}\n`);
    const started = Date.now();
    const loadBefore = os.loadavg()[0] ?? 0;
    try {
      const measured = await benchmark.run({ tempDir, log });
      // The machine may be shared: the load beside each figure says how far to trust it.
      const load = `load ${loadBefore.toFixed(1)}→${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.cpus().length} cores`;
      results.push(...measured.map((m) => judged({ ...m, notes: m.notes ? `${m.notes}; ${load}` : load })));
      log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures.push(`${benchmark.name}: ${errorText(error)}`);
      log(`could not run: ${errorText(error)}`);
    } finally {
      rmSync(tempDir, { recursive: true, force: true });
    }
  }
  const file = resultsFile();
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${resultTable(results)}\n\nWrote ${path.relative(process.cwd(), file) || file}.\n`);
  const missed = results.filter((r) => !r.pass).length;
  if (missed > 0) process.stdout.write(`${missed} budget(s) missed.\n`);
  if (failures.length > 0) {
    process.stderr.write(`\n${failures.length} benchmark(s) could not run:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
    return 1;
  }
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`bench: ${errorText(error)}\n`);
  return 1;
});
