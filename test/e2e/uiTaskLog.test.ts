import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir } from '../support/browser.js';
import { requireSandboxImage } from '../support/docker.js';
import { answer, byPrompt, shell } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { ProtocolClient } from './uiTaskClient.js';

const PROMPT = 'Print a very long log';
const CHUNKS = 3000;
const LINES_PER_CHUNK = 40;
const TOTAL_LINES = CHUNKS * LINES_PER_CHUNK;
// One flushed write per chunk, so the log holds thousands of events (pages) and about 13 MB,
// more than the conversation reads by itself.
const PRINTER = [
  'import sys, time',
  `for c in range(${CHUNKS}):`,
  `    sys.stdout.write(''.join(f'row {c * ${LINES_PER_CHUNK} + j + 1:06d} ${'payload '.repeat(12)}\\n' for j in range(${LINES_PER_CHUNK})))`,
  '    sys.stdout.flush()',
  '    time.sleep(0.001)',
].join('\n');

describe('a long log in the task view', () => {
  let ui: UiHarness;
  let client: ProtocolClient;
  let page: Page;
  let taskId: string;

  const log = () => page.getByRole('log', { name: 'Task log' });
  const loadedLines = async (): Promise<{ count: number; complete: boolean }> => {
    const note = await page.locator('.tv-toolbar-note').innerText();
    const match = /^([\d,]+) lines/.exec(note);
    return { count: Number((match?.[1] ?? '0').replace(/,/g, '')), complete: !note.includes('loaded') };
  };

  /** As a reader does: the mouse wheel, far up. */
  const scrollToTop = async (): Promise<void> => {
    await log().hover();
    await page.mouse.wheel(0, -50_000_000);
  };

  beforeAll(async () => {
    await requireSandboxImage();
    ui = await startUi(byPrompt((prompt) => (prompt.includes(PROMPT) ? [shell(['python3', '-c', PRINTER], { timeout_ms: 120_000 }), answer('Printed it.')] : undefined)));
    client = await ProtocolClient.connect(ui.serve);
    const environment = await client.call('environments.create', { name: 'calc', repoPath: ui.repo });
    const [task] = await client.call('tasks.create', { prompt: PROMPT, title: PROMPT, mode: 'code', environmentId: environment.id });
    taskId = task?.id ?? '';
    const done = await client.waitForStatus(taskId, ['succeeded', 'failed'], 180_000);
    expect(done.status, done.error ?? '').toBe('succeeded');
    const [last] = await client.call('tasks.events', { id: taskId, beforeSeq: Number.MAX_SAFE_INTEGER, limit: 1 });
    expect(last?.seq ?? 0, 'the log must span several pages for this test').toBeGreaterThan(2500);
    page = await ui.browser.newPage({ viewport: { width: 1360, height: 860 } });
  });

  afterAll(async () => {
    client?.close();
    await ui?.close();
  });

  it('opens at the tail with only a page loaded and a few rows in the DOM', async () => {
    await page.goto(ui.serve.url);
    await page.getByRole('listitem', { name: PROMPT }).click();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await log().getByText(`row ${String(TOTAL_LINES).padStart(6, '0')}`).waitFor();
    const loaded = await loadedLines();
    expect(loaded.complete).toBe(false);
    expect(loaded.count).toBeLessThan(TOTAL_LINES);
    expect(await log().locator('.tv-log-line').count()).toBeLessThan(200);
    await page.screenshot({ path: path.join(screenshotDir, 'task-logs-long.png') });
  });

  it('loads older pages while scrolling up, keeping the rows in view in place', async () => {
    const before = await loadedLines();
    await scrollToTop();
    await expect.poll(async () => (await loadedLines()).count, { timeout: 20_000 }).toBeGreaterThan(before.count);
    // The older page went in above the rows on screen instead of pushing them away.
    const added = (await loadedLines()).count - before.count;
    const scrollTop = await log().evaluate((el) => el.scrollTop);
    expect(scrollTop).toBeGreaterThanOrEqual(added * 18 * 0.9);
    // Each scroll to the top brings in the next older page, until the first line is in.
    let loaded = await loadedLines();
    while (!loaded.complete) {
      const before = loaded.count;
      await scrollToTop();
      await expect
        .poll(
          async () => {
            loaded = await loadedLines();
            return loaded.complete || loaded.count > before;
          },
          { timeout: 20_000 },
        )
        .toBe(true);
    }
    await scrollToTop();
    await log().getByText(/^row 000001 /).waitFor();
  });

  it('finds text anywhere in the loaded log', async () => {
    const search = page.getByRole('searchbox', { name: 'Search the log' });
    await search.fill('row 000123 ');
    await page.getByText('1 match', { exact: true }).waitFor();
    await search.press('Enter');
    await log().locator('.tv-log-current', { hasText: 'row 000123' }).waitFor();
  });
});
