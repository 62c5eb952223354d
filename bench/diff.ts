import type { Benchmark, BenchContext } from './benchmark.js';
import { preciseNow } from './clock.js';
import { BIG_REPO, makeBigRepo } from './fixtures/bigRepo.js';
import { startBenchEngine } from './fixtures/engine.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';
import { eventsOf } from '../test/support/engine.js';
import { waitForTask } from '../test/support/taskWait.js';
import { answer, byPrompt, shell } from '../test/support/scripts.js';

const RUNS = 10;
/** Every tracked file gets its first line changed and a line added at the end. */
const CHANGE_ALL = "git ls-files -z | xargs -0 sed -i -e '1s/^/changed: /' -e '$a // reviewed'";

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = preciseNow();
  const value = await work();
  return { ms: preciseNow() - started, value };
}

/**
 * Review of a big change: a task edits all 2,000 files of the 20 MB repository;
 * then the per-file stats of its diff and one file's two versions are read from
 * the mirror, as the diff view does (Monaco's rendering is the UI's share, measured there).
 */
export const diffBenchmark: Benchmark = {
  name: 'diff',
  async run(context: BenchContext): Promise<Measurement[]> {
    const repo = makeBigRepo(context.tempDir);
    const engine = await startBenchEngine(repo, byPrompt(() => [shell(['sh', '-c', CHANGE_ALL]), answer('Changed every file.')]));
    try {
      const [created] = await engine.app.tasks.create({ prompt: 'Touch every file', mode: 'code', environment: engine.environment });
      if (!created) throw new Error('tasks.create returned no task');
      const task = await waitForTask(engine.app, created.id, 600_000);
      if (task.status !== 'succeeded') throw new Error(`the diff task ended ${task.status}: ${task.error ?? ''}`);
      if (task.filesChanged !== BIG_REPO.files) throw new Error(`the task changed ${task.filesChanged} files, not ${BIG_REPO.files}`);
      const events = eventsOf(engine.app, task.id);
      const collecting = events.find((e) => e.type === 'task.status' && e.phase === 'collecting');
      const done = events.findLast((e) => e.type === 'task.status');
      const collectMs = collecting && done ? done.ts - collecting.ts : NaN;

      const statTimes: number[] = [];
      let files: string[] = [];
      for (let run = 0; run < RUNS; run++) {
        const { ms, value } = await timed(() => engine.app.results.stats(task.id));
        if (value.files.length !== BIG_REPO.files) throw new Error(`stats listed ${value.files.length} files, not ${BIG_REPO.files}`);
        statTimes.push(ms);
        files = value.files.map((f) => f.path);
      }
      const versionTimes: number[] = [];
      for (let run = 0; run < RUNS * 2; run++) {
        const file = files[(run * 97) % files.length] ?? '';
        const { ms, value } = await timed(() => engine.app.results.file(task.id, file, undefined));
        if (!value.original || !value.modified?.startsWith('changed: ')) throw new Error(`file versions of ${file} are not the expected before/after`);
        versionTimes.push(ms);
      }
      context.log(`collecting the 2,000-file result took ${collectMs} ms`);
      return [
        {
          name: 'diff stats, 2,000 changed files (median)',
          value: median(statTimes),
          unit: 'ms',
          budget: 1000,
          better: 'lower',
          notes: `results.stats (numstat from the mirror); ${spread(statTimes)}; the task's commit, bundle-out and import took ${collectMs} ms`,
        },
        {
          name: 'diff file versions, one file (median)',
          value: median(versionTimes),
          unit: 'ms',
          budget: 150,
          better: 'lower',
          notes: `results.file, engine part of the 150 ms budget (Monaco's rendering is measured in the UI); ${spread(versionTimes)}`,
        },
      ];
    } finally {
      await engine.close();
    }
  },
};
