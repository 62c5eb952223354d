import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../shared/types.js';
import { threeRoads } from '../support/threeRoads.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes } from './uiHelpers.js';

const PROMPT = 'Fix add, three ways';

describe('the Compare view of a best-of-3 (Chromium, real engine, scripted model)', () => {
  let ui: UiHarness;
  let page: Page;
  let attempts: TaskView[];

  beforeAll(async () => {
    ui = await startUi(threeRoads());
    const environment = await callApi(ui, 'environments.create', { name: 'calc', repoPath: ui.repo });
    attempts = await callApi(ui, 'tasks.create', { prompt: PROMPT, mode: 'code', environmentId: environment.id, attempts: 3 });
    page = await openApp(ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('lists the attempts on evidence, opens one by its number key, and keeps the chosen one', async () => {
    const rows = page.getByRole('list', { name: 'Tasks' }).getByRole('listitem', { name: PROMPT, exact: true });
    for (let i = 0; i < 3; i++) await rows.nth(i).filter({ hasText: /Done/ }).waitFor({ timeout: 120_000 });
    await rows.first().click();
    await page.getByRole('tab', { name: /Compare/ }).click();
    const table = page.getByRole('table', { name: 'Attempts' });
    await table.waitFor();
    const compared = await callApi(ui, 'tasks.compare', { id: attempts[0]?.id ?? '' });
    const best = compared.find((row) => row.linesAdded === 2);
    expect(best).toBeDefined();
    const bestRow = table.getByRole('row', { name: `Attempt ${best?.attempt}` });
    expect(await bestRow.textContent()).toContain('+2');
    await screenshotBothThemes(page, 'compare-attempts');

    await page.keyboard.press(String(best?.attempt));
    await expect.poll(() => bestRow.getAttribute('class')).toContain('is-current');
    await bestRow.getByRole('button', { name: 'Use this attempt' }).click();
    await bestRow.getByText('Chosen').waitFor();
    await screenshotBothThemes(page, 'compare-chosen');

    const after = await callApi(ui, 'tasks.compare', { id: best?.id ?? '' });
    expect(after.filter((row) => row.chosen).map((row) => row.id)).toEqual([best?.id]);
    const list = await callApi(ui, 'tasks.list', { view: 'archived' });
    expect(list.tasks.map((t) => t.id).sort()).toEqual(compared.filter((row) => row.id !== best?.id).map((row) => row.id).sort());
  });
});
