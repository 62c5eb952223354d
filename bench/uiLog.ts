import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import type { Benchmark, BenchContext } from './benchmark.js';
import type { Measurement } from './result.js';
import { median, spread } from './stats.js';
import { holdsText, timeClickUntil } from './uiPage.js';
import { openStore } from '../electron/store/store.js';
import { startUi } from '../test/support/uiHarness.js';

const EVENTS = 10_000;
const LINES_PER_EVENT = 100;
const TOTAL_LINES = EVENTS * LINES_PER_EVENT;
const OPENS = 3;
const TITLE = 'Bench task with a million-line log';
const line = (n: number): string => `log line ${String(n).padStart(7, '0')}`;

/** One finished task whose single command printed TOTAL_LINES lines, written straight to the store. */
function seedLog(home: string): void {
  const store = openStore(path.join(home, 'codebay.db'), { eventLog: { logCapBytes: Number.MAX_SAFE_INTEGER } });
  try {
    const task = store.tasks.create({ title: TITLE, prompt: TITLE, mode: 'code', repoPath: '/srv/bench-repo', baseRef: 'main' });
    const started = Date.now() - 120_000;
    store.tasks.writeState(task.id, { status: 'succeeded', phase: null }, { startedAt: started, finishedAt: started + 60_000 });
    const callId = 'call_bench_log';
    store.events.append(task.id, { type: 'turn.started', turn: 1, prompt: TITLE });
    store.events.append(task.id, { type: 'exec.begin', callId, command: ['bash', '-c', 'print-a-million-lines'], cwd: '/workspace' });
    for (let e = 0; e < EVENTS; e++) {
      let text = '';
      for (let j = 1; j <= LINES_PER_EVENT; j++) text += `${line(e * LINES_PER_EVENT + j)}\n`;
      store.events.append(task.id, { type: 'exec.output', callId, stream: 'stdout', text });
    }
    store.events.append(task.id, { type: 'exec.end', callId, exitCode: 0, durationMs: 60_000, timedOut: false });
  } finally {
    store.close();
  }
}

/** `codebay serve` in Chromium: from clicking a task's Logs tab to the last of 1,000,000 lines drawn. */
export const uiLog: Benchmark = {
  name: 'ui log',
  async run(context: BenchContext): Promise<Measurement[]> {
    const home = mkdtempSync(path.join(context.tempDir, 'home-'));
    seedLog(home);
    const ui = await startUi([], { env: { CODEBAY_HOME: home } });
    try {
      const page = await ui.browser.newPage({ viewport: { width: 1360, height: 860 } });
      const timings: number[] = [];
      // One extra open first warms the browser's process and HTTP cache, as an app window that is already open.
      for (let i = 0; i <= OPENS; i++) {
        await page.goto(ui.serve.url);
        await page.getByRole('listitem', { name: TITLE }).click();
        await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
        // The view may reopen the tab last used; time the Logs tab from a start without the log drawn.
        await page.getByRole('tab', { name: 'Conversation' }).click();
        const ms = await timeClickUntil(page, '#tv-tab-logs', holdsText('[role="log"]', line(TOTAL_LINES)));
        if (i > 0) timings.push(ms);
      }
      context.log(`Logs tab click to the last line drawn, ms: ${timings.map((t) => t.toFixed(0)).join(', ')}`);
      return [
        {
          name: 'ui: 1,000,000-line log opens (median)',
          value: median(timings),
          unit: 'ms',
          budget: 500,
          better: 'lower',
          notes: `${EVENTS} exec.output events of ${LINES_PER_EVENT} lines; Logs tab click to the tail drawn; ${spread(timings, 0)}`,
        },
      ];
    } finally {
      await ui.close();
    }
  },
};
