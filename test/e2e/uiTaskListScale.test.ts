import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store/store.js';
import { screenshotDir } from '../support/browser.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { waitInPage } from './pageWait.js';

const COUNT = 10_000;
const title = (i: number): string => `Scale task ${String(i).padStart(5, '0')}`;

/** Fills a fresh data folder with finished tasks, written straight to the store before the engine starts. */
function seedTasks(home: string): void {
  const store = openStore(path.join(home, 'codebay.db'));
  try {
    store.db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const task = store.tasks.create({ title: title(i), prompt: `${title(i)}: make it faster`, mode: 'code', repoPath: '/srv/scale-repo', baseRef: 'main' });
        const started = Date.now() - 60_000;
        store.tasks.writeState(task.id, { status: i % 7 === 0 ? 'failed' : 'succeeded', phase: null }, { linesAdded: i % 50, linesRemoved: i % 9, startedAt: started, finishedAt: started + 30_000 });
      }
    })();
  } finally {
    store.close();
  }
}

describe('a task list of 10,000 tasks', () => {
  let ui: UiHarness;
  let page: Page;
  const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-ui-scale-'));

  beforeAll(async () => {
    seedTasks(home);
    ui = await startUi([], { env: { CODEBAY_HOME: home } });
    page = await ui.browser.newPage({ viewport: { width: 1360, height: 860 } });
  });
  afterAll(async () => {
    await ui?.close();
  });

  // How fast it opens is measured by `npm run bench` (ui task list); this checks what it shows.
  it('opens on the newest tasks with only the visible rows in the page', async () => {
    await page.goto(ui.serve.url);
    await page.getByRole('listitem', { name: title(COUNT - 1) }).waitFor();
    await page.getByText('10,000 tasks').waitFor();
    const rows = await page.getByRole('listitem').count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(60);
    await expect(page.getByRole('listitem', { name: title(COUNT - 1) }).getAttribute('aria-setsize')).resolves.toBe(String(COUNT));
  });

  it('scrolls to the very end, paging older tasks in as it goes', async () => {
    // On every frame, jump to the bottom as a dragged scrollbar would, until the oldest task is drawn.
    await waitInPage(
      page,
      `(() => {
        const list = document.querySelector('.task-scroll');
        list.scrollTop = list.scrollHeight;
        return document.querySelector(${JSON.stringify(`[role="listitem"][aria-label="${title(0)}"]`)}) !== null;
      })()`,
      'the oldest of 10,000 tasks at the end of the list',
      20_000,
    );
    const oldest = page.getByRole('listitem', { name: title(0) });
    await expect(oldest.getAttribute('aria-posinset')).resolves.toBe(String(COUNT));
    expect(await page.locator('.task-row.placeholder').count()).toBe(0);
    expect(await page.getByRole('listitem').count()).toBeLessThan(60);
    await page.screenshot({ path: path.join(screenshotDir, 'home-10000-tasks-end.png') });
  });

  it('wheels back up through the middle without blank rows', async () => {
    await page.mouse.move(700, 600);
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, -4000);
    // The wheel scrolls after its events are sent: wait until the list has been still for a few
    // frames with every row drawn (rows still paging in show as placeholders).
    await waitInPage(
      page,
      `(() => {
        const top = document.querySelector('.task-scroll').scrollTop;
        window.stillFrames = top === window.lastScrollTop ? (window.stillFrames ?? 0) + 1 : 0;
        window.lastScrollTop = top;
        return window.stillFrames >= 3 && document.querySelector('.task-row.placeholder') === null;
      })()`,
      'the wheeled list to come to rest with its rows drawn',
    );
    expect(await page.locator('.task-row.placeholder').count()).toBe(0);
    const first = await page.getByRole('listitem').first().getAttribute('aria-posinset');
    expect(Number(first)).toBeLessThan(COUNT);
    expect(Number(first)).toBeGreaterThan(1);
  });

  it('searches the whole store, not just the loaded rows', async () => {
    await page.getByRole('searchbox', { name: 'Search tasks' }).fill('Scale task 00042');
    await page.getByText('1 task', { exact: true }).waitFor();
    await page.getByRole('listitem', { name: title(42) }).waitFor();
  });
});
