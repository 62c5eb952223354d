import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIX_CALC_PATCH } from '../support/calcRepo.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes } from './uiHelpers.js';

const PROMPT = 'Fix add, then write notes';
const TASK_TIMEOUT = 120_000;
// Long enough to look at each state of the workspace while the agent waits.
const PAUSE = ['bash', '-lc', 'sleep 10'];
const ADD_NOTES = ['*** Begin Patch', '*** Add File: NOTES.md', '+Written live', '*** End Patch'].join('\n');

describe('the Diff tab follows a running turn’s workspace (real engine, Docker)', () => {
  let ui: UiHarness;
  let page: Page;
  let taskId: string;
  const turnPicker = (): Locator => page.getByRole('combobox', { name: 'Changes of' });
  const fileList = (): Locator => page.locator('.tv-files');
  const modified = (): Locator => page.locator('.tv-monaco .editor.modified .view-lines');

  beforeAll(async () => {
    ui = await startUi(byPrompt((prompt) => (prompt === PROMPT ? [patch(FIX_CALC_PATCH), shell(PAUSE), patch(ADD_NOTES), shell(PAUSE), answer('Fixed add and wrote notes.')] : undefined)));
    const environment = await callApi(ui, 'environments.create', { name: 'calc', repoPath: ui.repo });
    page = await openApp(ui);
    const [task] = await callApi(ui, 'tasks.create', { prompt: PROMPT, mode: 'code', environmentId: environment.id });
    taskId = task?.id ?? '';
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('shows the workspace as the agent edits it, file by file, before anything is committed', async () => {
    await page.goto(`${ui.serve.url}#/tasks/${taskId}/diff`);
    await fileList().getByText('calc.py').waitFor({ timeout: TASK_TIMEOUT });
    await expect(turnPicker().inputValue()).resolves.toBe('live');
    await expect(turnPicker().locator('option:checked').textContent()).resolves.toBe('Live · turn 1');
    await page.locator('.tv-live-note').filter({ hasText: 'Uncommitted' }).waitFor();
    await modified().getByText('a + b').waitFor({ timeout: 20_000 });
    expect((await modified().innerText()).replace(/\u00a0/g, ' ')).toContain('return a + b');
    const task = await callApi(ui, 'tasks.get', { id: taskId });
    expect(task.task.status).toBe('running');
    expect(task.turns.some((t) => t.hasResult)).toBe(false);

    // The next edit shows without a reload: a new file joins the list.
    await fileList().getByText('NOTES.md').waitFor({ timeout: 30_000 });
    await page.locator('.tv-toolbar .tv-toolbar-note').filter({ hasText: /^2 files/ }).waitFor();
    await screenshotBothThemes(page, 'diff-live-workspace');
  });

  it('switches to the committed result when the turn ends', async () => {
    await page.locator('.tv-live-note').waitFor({ state: 'detached', timeout: TASK_TIMEOUT });
    await expect(turnPicker().inputValue()).resolves.toBe('all');
    await expect(turnPicker().locator('option').allTextContents()).resolves.toEqual(['All turns', 'Turn 1']);
    await fileList().getByText('NOTES.md').waitFor();
    const done = await callApi(ui, 'tasks.get', { id: taskId });
    expect(done.task.status).toBe('succeeded');
    await expect(callApi(ui, 'tasks.liveDiff', { id: taskId })).rejects.toThrow(/is not running, so there is no workspace to read live/);
  });
});
