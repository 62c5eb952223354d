import type { Benchmark, BenchContext } from './benchmark.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';
import { holdsText, timeClickUntil } from './uiPage.js';
import { requireSandboxImage } from '../test/support/docker.js';
import { commitAll, write } from '../test/support/gitFixture.js';
import { answer, byPrompt, patch } from '../test/support/scripts.js';
import { startUi } from '../test/support/uiHarness.js';
import { ProtocolClient } from '../test/e2e/uiTaskClient.js';

const PROMPT = 'Rename the two counters';
const FILES = ['src/alpha.py', 'src/beta.py'] as const;
const LINES = 400;
const SWITCHES = 6;

/** A 400-line module; the patch below changes its line 5 (in view without scrolling) from `before` to `after`. */
const moduleText = (name: string): string =>
  Array.from({ length: LINES }, (_, i) => (i === 4 ? `${name}_counter = 'before'` : `def ${name}_step_${i}(value):  # step ${i}`)).join('\n') + '\n';

const renamePatch = [
  '*** Begin Patch',
  ...FILES.flatMap((file) => {
    const name = file.slice(4, -3);
    return [`*** Update File: ${file}`, '@@', `-${name}_counter = 'before'`, `+${name}_counter = 'after'`];
  }),
  '*** End Patch',
].join('\n');

/** The ms from clicking a changed file in the Diff tab until both Monaco editors show that file's changed line. */
function showFile(page: Parameters<typeof timeClickUntil>[0], file: string): Promise<number> {
  const name = file.slice(4, -3);
  const bothSides = `${holdsText('.tv-monaco .editor.original .view-lines', `${name}_counter = 'before'`)} && ${holdsText('.tv-monaco .editor.modified .view-lines', `${name}_counter = 'after'`)}`;
  return timeClickUntil(page, `.tv-file[data-path="${file}"]`, bothSides);
}

/** `codebay serve` in Chromium: a finished task changed two 400-line files; switching between them in the Diff tab. */
export const uiDiff: Benchmark = {
  name: 'ui diff',
  async run(context: BenchContext): Promise<Measurement[]> {
    await requireSandboxImage();
    const ui = await startUi(byPrompt((prompt) => (prompt.includes(PROMPT) ? [patch(renamePatch), answer('Renamed both.')] : undefined)));
    const client = await ProtocolClient.connect(ui.serve);
    try {
      for (const file of FILES) write(ui.repo, file, moduleText(file.slice(4, -3)));
      commitAll(ui.repo, 'Add the counter modules');
      const environment = await client.call('environments.create', { name: 'bench', repoPath: ui.repo });
      const [task] = await client.call('tasks.create', { prompt: PROMPT, title: PROMPT, mode: 'code', environmentId: environment.id });
      if (!task) throw new Error('tasks.create returned no task');
      const done = await client.waitForStatus(task.id, ['succeeded', 'failed'], 120_000);
      if (done.status !== 'succeeded') throw new Error(`The diff benchmark's task ended ${done.status}: ${done.error ?? 'no error'}`);
      const page = await ui.browser.newPage({ viewport: { width: 1360, height: 860 } });
      await page.goto(ui.serve.url);
      await page.getByRole('listitem', { name: PROMPT }).click();
      await page.getByRole('tab', { name: 'Diff' }).click();
      await page.locator('.tv-file').first().waitFor();
      // The first file shown loads Monaco itself; reported apart from the switches.
      const first = await showFile(page, FILES[1]);
      const timings: number[] = [];
      for (let i = 0; i < SWITCHES; i++) timings.push(await showFile(page, FILES[i % 2] ?? FILES[0]));
      context.log(`first file ${first.toFixed(0)} ms; file switches, ms: ${timings.map((t) => t.toFixed(0)).join(', ')}`);
      return [
        {
          name: 'ui: one file\'s Monaco diff (median)',
          value: median(timings),
          unit: 'ms',
          budget: 150,
          better: 'lower',
          notes: `click on a changed ${LINES}-line file to both editors showing its changed line; ${spread(timings, 0)}`,
        },
        {
          name: 'ui: first Monaco diff of the tab',
          value: first,
          unit: 'ms',
          budget: null,
          better: 'lower',
          notes: 'the first file shown in the Diff tab, with Monaco already loaded by the tab',
        },
      ];
    } finally {
      client.close();
      await ui.close();
    }
  },
};
