import type { Benchmark, BenchContext } from './benchmark.js';
import type { Measurement } from './result.js';
import { holdsText, longTasks, watchLongTasks } from './uiPage.js';
import { requireSandboxImage } from '../test/support/docker.js';
import { answer, byPrompt, shell } from '../test/support/scripts.js';
import { startUi } from '../test/support/uiHarness.js';
import { ProtocolClient } from '../test/e2e/uiTaskClient.js';

const TASKS = 20;
const LINES_PER_SECOND = 500;
const SECONDS = 30;
const PROMPT = 'Stream a log';
// Paced against the clock in flushes of 25 lines, so each task keeps its rate however the sandbox is scheduled.
const PRINTER = [
  'import sys, time',
  'start = time.monotonic()',
  `for i in range(${LINES_PER_SECOND * SECONDS}):`,
  "    sys.stdout.write(f'stream line {i + 1:05d} of a busy task\\n')",
  '    if i % 25 == 24:',
  '        sys.stdout.flush()',
  `        time.sleep(max(0, start + (i + 1) / ${LINES_PER_SECOND} - time.monotonic()))`,
].join('\n');

/**
 * `codebay serve` running 20 real tasks, each printing 500 lines/s for 30 s, with
 * Chromium open on the task list and on one task's Logs tab: the pages' main-thread long tasks.
 */
export const uiStream: Benchmark = {
  name: 'ui stream',
  async run(context: BenchContext): Promise<Measurement[]> {
    await requireSandboxImage();
    const ui = await startUi(byPrompt((prompt) => (prompt.includes(PROMPT) ? [shell(['python3', '-c', PRINTER], { timeout_ms: 180_000 }), answer('Streamed.')] : undefined)));
    const client = await ProtocolClient.connect(ui.serve);
    try {
      await client.call('settings.update', { concurrency: TASKS });
      const environment = await client.call('environments.create', { name: 'bench', repoPath: ui.repo });
      const list = await ui.open();
      const logs = await ui.browser.newPage({ viewport: { width: 1360, height: 860 } });
      const ids: string[] = [];
      for (let i = 1; i <= TASKS; i++) {
        const [task] = await client.call('tasks.create', { prompt: `${PROMPT} ${i}`, title: `${PROMPT} ${i}`, mode: 'code', environmentId: environment.id });
        if (task) ids.push(task.id);
      }
      await logs.goto(ui.serve.url);
      // Task 1 is the oldest, at the bottom of a virtualized list: scrolled to, as a user would, since
      // whether its row is drawn without scrolling depends on the window's height.
      await logs.getByRole('listitem', { name: `${PROMPT} ${TASKS}`, exact: true }).hover();
      await logs.mouse.wheel(0, 100_000);
      await logs.getByRole('listitem', { name: `${PROMPT} 1`, exact: true }).click();
      await logs.getByRole('tab', { name: 'Logs' }).click();
      await logs.getByRole('log', { name: 'Task log' }).getByText(/stream line \d+/).first().waitFor({ timeout: 120_000 });
      await watchLongTasks(list);
      await watchLongTasks(logs);
      const windowStart = Date.now();
      const running = (await Promise.all(ids.map((id) => client.call('tasks.get', { id })))).filter((t) => t.task.status === 'running').length;
      await list.waitForTimeout(SECONDS * 1000);
      const onList = await longTasks(list);
      const onLogs = await longTasks(logs);
      const tailShown = await logs.evaluate(holdsText('[role="log"]', 'stream line'));
      const finished = await Promise.all(ids.map((id) => client.waitForStatus(id, ['succeeded', 'failed', 'cancelled'], 120_000)));
      const failed = finished.filter((t) => t.status !== 'succeeded');
      if (failed.length > 0) throw new Error(`${failed.length} of ${TASKS} streaming tasks did not succeed, e.g. ${failed[0]?.error ?? failed[0]?.status ?? ''}`);
      const all = [...onList, ...onLogs];
      const worst = all.length === 0 ? 0 : Math.max(...all);
      context.log(`${running} of ${TASKS} tasks running at the window's start; long tasks on the list ${onList.map((d) => d.toFixed(0)).join(', ') || 'none'}, on the Logs tab ${onLogs.map((d) => d.toFixed(0)).join(', ') || 'none'}; log still drawing: ${String(tailShown)}`);
      return [
        {
          name: 'ui: longest main-thread task while 20 tasks stream',
          value: worst,
          unit: 'ms',
          budget: 50,
          better: 'lower',
          notes: `${TASKS} real tasks printing ${LINES_PER_SECOND} lines/s each; ${SECONDS} s window from ${new Date(windowStart).toISOString().slice(11, 19)} with ${running} running; long tasks (>50 ms): ${onList.length} on the task list, ${onLogs.length} on one task's Logs tab (0 means none)`,
        },
      ];
    } finally {
      client.close();
      await ui.close();
    }
  },
};
