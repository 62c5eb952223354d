import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import type { Benchmark, BenchContext } from './benchmark.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';
import { shownAtScript, timeReload } from './uiPage.js';
import { openStore } from '../electron/store/store.js';
import { startUi } from '../test/support/uiHarness.js';

const COUNT = 10_000;
const RELOADS = 5;
const title = (i: number): string => `Bench task ${String(i).padStart(5, '0')}`;

/** Finished tasks written straight to the store of a data folder no engine has opened yet. */
function seedTasks(home: string): void {
  const store = openStore(path.join(home, 'codebay.db'));
  try {
    store.db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const task = store.tasks.create({ title: title(i), prompt: `${title(i)}: tidy up`, mode: 'code', repoPath: '/srv/bench-repo', baseRef: 'main' });
        const started = Date.now() - 60_000;
        store.tasks.writeState(task.id, { status: i % 7 === 0 ? 'failed' : 'succeeded', phase: null }, { linesAdded: i % 40, linesRemoved: i % 6, startedAt: started, finishedAt: started + 20_000 });
      }
    })();
  } finally {
    store.close();
  }
}

/** `codebay serve` in Chromium with 10,000 tasks: from navigation start to the newest row drawn, over reloads. */
export const uiTaskList: Benchmark = {
  name: 'ui task list',
  async run(context: BenchContext): Promise<Measurement[]> {
    const home = mkdtempSync(path.join(context.tempDir, 'home-'));
    seedTasks(home);
    const ui = await startUi([], { env: { CODEBAY_HOME: home } });
    try {
      const page = await ui.browser.newPage({ viewport: { width: 1360, height: 860 } });
      await page.addInitScript({ content: shownAtScript(`!!document.querySelector(${JSON.stringify(`[role="listitem"][aria-label="${title(COUNT - 1)}"]`)})`) });
      // The first load warms the browser's process and HTTP cache, as an app window that is already open.
      await page.goto(ui.serve.url);
      await page.getByRole('listitem', { name: title(COUNT - 1) }).waitFor();
      const timings: number[] = [];
      for (let i = 0; i < RELOADS; i++) timings.push(await timeReload(page));
      context.log(`navigation start to first rows drawn, ms: ${timings.map((t) => t.toFixed(0)).join(', ')}`);
      return [
        {
          name: 'ui: 10,000-task list opens (median)',
          value: median(timings),
          unit: 'ms',
          budget: 500,
          better: 'lower',
          notes: `Chromium reload to the newest row drawn; ${spread(timings, 0)}`,
        },
      ];
    } finally {
      await ui.close();
    }
  },
};
