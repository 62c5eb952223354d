import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, byPrompt } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes } from './uiHelpers.js';

const PROMPT = 'Leave calc.py as it is';

describe('checks in the UI (Chromium, real engine, scripted model)', () => {
  let ui: UiHarness;
  let page: Page;
  const row = (): Locator => page.getByRole('list', { name: 'Tasks' }).getByRole('listitem', { name: PROMPT, exact: true });

  beforeAll(async () => {
    ui = await startUi(byPrompt((prompt) => (prompt === PROMPT ? [answer('Left it: the test still fails.')] : undefined)));
    const environment = await callApi(ui, 'environments.create', {
      name: 'calc',
      repoPath: ui.repo,
      checks: [
        { name: 'tests', command: 'python3 -m unittest -q' },
        { name: 'syntax', command: 'python3 -m py_compile calc.py' },
      ],
    });
    await callApi(ui, 'tasks.create', { prompt: PROMPT, mode: 'code', environmentId: environment.id, attempts: 1 });
    page = await openApp(ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('marks the task in the list, and shows each check with its exit code in the conversation and the log', async () => {
    await row().filter({ hasText: /Done/ }).waitFor({ timeout: 120_000 });
    await row().filter({ hasText: 'checks failed' }).waitFor();
    await screenshotBothThemes(page, 'task-list-checks');
    await row().click();
    await page.getByText('Checks failed: 1 of 2').waitFor();
    const tests = page.locator('.tv-command').filter({ hasText: 'Check · tests' });
    await tests.waitFor();
    expect(await tests.textContent()).toContain('exit 1');
    expect(await page.locator('.tv-command').filter({ hasText: 'Check · syntax' }).textContent()).toContain('exit 0');
    await tests.getByRole('button', { expanded: false }).click();
    await page.getByText('FAILED (failures=1)').first().waitFor();
    await screenshotBothThemes(page, 'task-checks-conversation');
  });

  it('edits the checks in the environment form', async () => {
    await page.getByRole('button', { name: 'Environments' }).click();
    await page.getByText('calc', { exact: true }).first().click();
    const name = page.getByRole('textbox', { name: 'Check 2 name' });
    await name.waitFor();
    expect(await name.inputValue()).toBe('syntax');
    expect(await page.getByRole('textbox', { name: 'Check 1 command' }).inputValue()).toBe('python3 -m unittest -q');
    await name.scrollIntoViewIfNeeded();
    await screenshotBothThemes(page, 'environment-checks');
  });
});
