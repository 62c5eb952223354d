import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes } from './uiHelpers.js';

const SERVER_MODELS = ['qwen3-coder', 'gpt-oss-20b', 'scripted'];

describe('provider form: the server’s models, and a test on every save', () => {
  let ui: UiHarness;
  let page: Page;
  const providers = (): Locator => page.getByRole('region', { name: 'Model providers' });

  beforeAll(async () => {
    ui = await startUi([], { models: SERVER_MODELS });
    page = await openApp(ui);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await providers().getByRole('button', { name: 'Add provider' }).click();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('lists the models the server offers once its address is given, and fills the one picked', async () => {
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'LM Studio' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Scripted server');
    await form.getByRole('textbox', { name: 'Base URL' }).fill(ui.model.baseUrl);
    await form.getByText('3 models on the server: pick one, or type any name.').waitFor();
    const picker = form.getByRole('combobox', { name: 'Models on the server' });
    // Sorted, after the prompt to pick.
    await expect(picker.locator('option').allTextContents()).resolves.toEqual(['Pick from 3…', 'gpt-oss-20b', 'qwen3-coder', 'scripted']);
    await picker.selectOption('qwen3-coder');
    await expect(form.getByRole('textbox', { name: 'Model' }).inputValue()).resolves.toBe('qwen3-coder');
    await screenshotBothThemes(page, 'provider-models');
  });

  it('still takes a model name the server does not list', async () => {
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByRole('textbox', { name: 'Model' }).fill('scripted-large');
    await expect(form.getByRole('textbox', { name: 'Model' }).inputValue()).resolves.toBe('scripted-large');
  });

  it('tests the provider on save and shows the result', async () => {
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByRole('button', { name: 'Save provider' }).click();
    const row = providers().getByRole('listitem', { name: 'Scripted server' });
    const result = row.getByRole('status');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toMatch(/^Connected: scripted-large at http:\/\/127\.0\.0\.1:\d+\/v1 .*server answering/);
    const [saved] = await callApi(ui, 'providers.list', {});
    expect(saved).toMatchObject({ name: 'Scripted server', model: 'scripted-large' });
  });

  it('says why it has no list when the server cannot be reached, and the failed test shows after save', async () => {
    const row = providers().getByRole('listitem', { name: 'Scripted server' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit Scripted server' });
    // The saved provider's list comes at once.
    await form.getByText('3 models on the server: pick one, or type any name.').waitFor();
    await form.getByRole('textbox', { name: 'Base URL' }).fill('http://127.0.0.1:9/v1');
    await form.getByText(/^No list of models: Could not reach http:\/\/127\.0\.0\.1:9\/v1\/models .*you can still type the model name/).waitFor();
    await expect(form.getByRole('combobox', { name: 'Models on the server' }).isDisabled()).resolves.toBe(true);
    await form.getByRole('button', { name: 'Save provider' }).click();
    const failed = row.getByRole('alert');
    await failed.waitFor({ timeout: 15_000 });
    expect(await failed.textContent()).toMatch(/^Connection failed: scripted-large at http:\/\/127\.0\.0\.1:9\/v1/);
  });

  it('answers the list over the engine API, or a clear error when the server cannot be reached', async () => {
    await expect(callApi(ui, 'providers.models', { baseUrl: 'http://127.0.0.1:9/v1' })).rejects.toThrow(/Could not reach http:\/\/127\.0\.0\.1:9\/v1\/models .*Check that the server is running/);
    await expect(callApi(ui, 'providers.models', { baseUrl: ui.model.baseUrl })).resolves.toEqual({ models: ['gpt-oss-20b', 'qwen3-coder', 'scripted'] });
  });
});
