import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIX_CALC_PATCH } from '../support/calcRepo.js';
import type { Step } from '../support/modelServer/index.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes, taskList, taskRow } from './uiHelpers.js';

const BEST = 'Fix add, best of two';
const SLOW = 'Run the slow tests';
const BROKEN = 'This one breaks';
const TASK_TIMEOUT = 120_000;
const REFUSED: Step = { fault: 'http', status: 400, body: { error: { message: 'bad request', type: 'invalid_request_error' } } };

describe('the task list, polished: attempts, progress, time, filters, unread, bulk actions (real engine, Docker)', () => {
  let ui: UiHarness;
  let page: Page;
  const list = (): Locator => taskList(page);
  const row = (title: string): Locator => taskRow(page, title);

  beforeAll(async () => {
    ui = await startUi(
      byPrompt((prompt) => {
        if (prompt === BEST) return [patch(FIX_CALC_PATCH), answer('Fixed add.')];
        if (prompt === SLOW) return [{ ...shell(['bash', '-lc', 'sleep 12 && echo ok']), usage: { input: 1200, output: 300 } }, answer('All green.')];
        if (prompt === BROKEN) return [REFUSED, REFUSED, REFUSED, REFUSED];
        return undefined;
      }),
    );
    await callApi(ui, 'environments.create', { name: 'calc', repoPath: ui.repo });
    const provider = await callApi(ui, 'providers.create', { name: 'Scripted', baseUrl: ui.model.baseUrl, wire: 'chat', model: 'scripted', apiKey: 'sk-ui-test-0123456789' });
    await callApi(ui, 'settings.update', { defaultProviderId: provider.id });
    page = await openApp(ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('shows a best-of-2 as one row whose chips give each attempt and open it', async () => {
    await page.getByRole('combobox', { name: 'Attempts' }).selectOption('2');
    await page.getByRole('textbox', { name: 'Task prompt' }).fill(BEST);
    await page.getByRole('button', { name: 'Code', exact: true }).click();
    const group = row(BEST);
    await group.waitFor({ timeout: 10_000 });
    await group.filter({ hasText: /Done/ }).waitFor({ timeout: TASK_TIMEOUT });
    const chips = group.getByRole('group', { name: '2 attempts' }).getByRole('button');
    await expect.poll(() => chips.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title'))), { timeout: TASK_TIMEOUT }).toEqual([
      expect.stringMatching(/^Attempt 1: Done, \+1 −1/),
      expect.stringMatching(/^Attempt 2: Done, \+1 −1/),
    ]);
    await expect(list().getByRole('listitem').count()).resolves.toBe(1);
    await page.getByRole('combobox', { name: 'Attempts' }).selectOption('1');
  });

  it('picks the model per task from the provider’s list, and shows the running step, work time and tokens live', async () => {
    const model = page.getByRole('combobox', { name: 'Model' });
    await model.focus();
    await expect.poll(() => page.locator('#composer-models option').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('value'))), { timeout: 10_000 }).toEqual(['test-model']);
    await model.fill('test-model');
    await page.getByRole('textbox', { name: 'Task prompt' }).fill(SLOW);
    await page.getByRole('button', { name: 'Code', exact: true }).click();
    const slow = row(SLOW);
    await slow.locator('.task-activity').filter({ hasText: /^running `sleep 12 && echo ok` · \d+s$/ }).waitFor({ timeout: TASK_TIMEOUT });
    await slow.locator('.task-tokens').filter({ hasText: /1\.5k tokens/ }).waitFor();
    const [created] = (await callApi(ui, 'tasks.list', { search: SLOW })).tasks;
    expect(created?.model).toBe('test-model');
    await screenshotBothThemes(page, 'list-attempts-and-progress');

    await slow.filter({ hasText: /Done/ }).waitFor({ timeout: TASK_TIMEOUT });
    await expect(slow.locator('.task-activity').count()).resolves.toBe(0);
    // Work time: at least the 12 s the command took (more on a loaded machine), shown once the task is done.
    const [done] = (await callApi(ui, 'tasks.list', { search: SLOW })).tasks;
    expect(done?.workMs).toBeGreaterThanOrEqual(12_000);
    await expect(slow.locator('.task-time').textContent()).resolves.toMatch(/^\d+[smh]( \d+[sm])?$/);
  });

  it('puts a dot on tasks that finished since they were last opened, gone once opened', async () => {
    const dot = row(SLOW).getByRole('img', { name: 'Finished since you last looked' });
    await dot.waitFor();
    await row(SLOW).click();
    await page.getByRole('heading', { name: SLOW }).waitFor();
    await page.keyboard.press('Escape');
    await row(SLOW).waitFor();
    await expect(dot.count()).resolves.toBe(0);
    await expect(row(BEST).getByRole('img', { name: 'Finished since you last looked' }).count()).resolves.toBe(1);
  });

  it('filters failed tasks and one environment’s tasks', async () => {
    await callApi(ui, 'tasks.create', { prompt: BROKEN, title: BROKEN, mode: 'code', environmentId: (await callApi(ui, 'environments.list', {}))[0]?.id ?? '', attempts: 1 });
    await row(BROKEN).filter({ hasText: /Failed/ }).waitFor({ timeout: TASK_TIMEOUT });
    await page.getByRole('button', { name: 'Failed', exact: true }).click();
    await expect.poll(() => list().getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(BROKEN)]);
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await expect.poll(() => list().getByRole('listitem').count()).toBe(3);

    const other = await callApi(ui, 'environments.create', { name: 'other', repoPath: ui.repo });
    await page.reload();
    const filter = page.getByRole('combobox', { name: 'Environment filter' });
    await filter.selectOption(other.id);
    await page.getByText(/^0 tasks$/).waitFor();
    await filter.selectOption('');
    await expect.poll(() => list().getByRole('listitem').count()).toBe(3);
  });

  it('archives several tasks at once and brings them back with Undo', async () => {
    await row(BROKEN).getByRole('checkbox').check();
    await row(BEST).getByRole('checkbox').check();
    const bar = page.getByRole('toolbar', { name: 'Selected tasks' });
    await bar.getByText('3 selected').waitFor();
    await expect(bar.getByRole('button', { name: 'Cancel' }).isDisabled()).resolves.toBe(true);
    await bar.getByRole('button', { name: 'Archive' }).click();
    await expect.poll(() => list().getByRole('listitem').count()).toBe(1);
    await expect(bar.count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => list().getByRole('listitem').count()).toBe(3);
    const archived = (await callApi(ui, 'tasks.list', { view: 'archived' })).total;
    expect(archived).toBe(0);
  });
});
