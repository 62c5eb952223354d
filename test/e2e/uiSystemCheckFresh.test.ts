import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp } from './uiHelpers.js';

const DEAD_URL = 'http://127.0.0.1:9/v1';
// The quiet re-check runs every 20 s while a problem is shown; one round of it plus the check itself.
const PERIODIC_WAIT_MS = 45_000;

describe('the system check follows provider changes without "Check again"', () => {
  let ui: UiHarness;
  let page: Page;
  const dot = (text: 'all good' | 'needs attention') => page.getByRole('img', { name: `System check: ${text}` });

  beforeAll(async () => {
    // No provider at all: the first check finds a problem with the model.
    ui = await startUi([], { env: { OPENAI_BASE_URL: '', OPENAI_API_KEY: '', CODEBAY_MODEL: '' } });
    page = await openApp(ui);
    await page.getByRole('heading', { name: 'System check' }).waitFor();
    await dot('needs attention').waitFor();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('turns green, and the Tasks page stops warning, once a working provider is added', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('region', { name: 'Model providers' }).getByRole('button', { name: 'Add provider' }).click();
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'Custom' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Scripted');
    await form.getByRole('textbox', { name: 'Base URL' }).fill(ui.model.baseUrl);
    await form.getByLabel('Model', { exact: true }).fill('scripted');
    await form.getByRole('button', { name: 'Save provider' }).click();

    await dot('all good').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Tasks', exact: true }).click();
    await page.getByRole('textbox', { name: 'Task prompt' }).waitFor();
    expect(await page.getByText(/Tasks cannot run yet/).count()).toBe(0);
  });

  it('turns red, and the Tasks page warns about the model, once the provider moves to a dead address', async () => {
    // Green first, whatever the test before left: by hand, as a user would.
    await page.getByRole('button', { name: /^System check/ }).click();
    await page.getByRole('button', { name: 'Check again' }).click();
    await dot('all good').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const row = page.getByRole('region', { name: 'Model providers' }).getByRole('listitem', { name: 'Scripted' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit Scripted' });
    await form.getByRole('textbox', { name: 'Base URL' }).fill(DEAD_URL);
    await form.getByRole('button', { name: 'Save provider' }).click();

    await dot('needs attention').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Tasks', exact: true }).click();
    await page.getByText(/Tasks cannot run yet: the system check found a problem with model/).waitFor();
  });

  it('checks again by itself while a problem is shown, so a fix made elsewhere turns it green', async () => {
    // Red first, whatever the test before left: by hand, as a user would.
    await page.getByRole('button', { name: /^System check/ }).click();
    await page.getByRole('button', { name: 'Check again' }).click();
    await dot('needs attention').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Tasks', exact: true }).click();
    const [provider] = await callApi(ui, 'providers.list', {});
    // Changed behind the UI's back, as the CLI or another window would.
    await callApi(ui, 'providers.update', { id: provider?.id ?? '', baseUrl: ui.model.baseUrl });
    await dot('all good').waitFor({ timeout: PERIODIC_WAIT_MS });
    await page.getByText(/Tasks cannot run yet/).waitFor({ state: 'detached' });
  });
});
