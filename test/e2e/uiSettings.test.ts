import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startServe, type ServeProcess } from '../support/serveProcess.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes } from './uiHelpers.js';

const DARK_BG = 'rgb(19, 19, 22)';
const LIGHT_BG = 'rgb(246, 246, 247)';

function bodyBackground(page: Page): Promise<string> {
  return page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
}

describe('settings: providers, defaults and theme', () => {
  let ui: UiHarness;
  let page: Page;
  const providers = (): Locator => page.getByRole('region', { name: 'Model providers' });

  beforeAll(async () => {
    ui = await startUi([]);
    page = await openApp(ui);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Model providers' }).waitFor();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('creates a provider from a preset, which becomes the default, and its connection test succeeds', async () => {
    await providers().getByText('No provider saved').waitFor();
    await providers().getByRole('button', { name: 'Add provider' }).click();
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'vLLM' });
    await expect(form.getByRole('textbox', { name: 'Base URL' }).inputValue()).resolves.toBe('http://127.0.0.1:8000/v1');
    await expect(form.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe('vLLM');
    await expect(form.getByRole('combobox', { name: 'Wire API' }).inputValue()).resolves.toBe('chat');
    await form.getByText(/--enable-auto-tool-choice/).waitFor();

    await form.getByRole('button', { name: 'Save provider' }).click();
    await form.getByText(/Give the model name/).waitFor();

    await form.getByRole('textbox', { name: 'Name' }).fill('Scripted server');
    await form.getByRole('textbox', { name: 'Base URL' }).fill(ui.model.baseUrl);
    await form.getByRole('textbox', { name: 'Model' }).fill('scripted');
    await form.getByRole('button', { name: 'Save provider' }).click();

    const row = providers().getByRole('listitem', { name: 'Scripted server' });
    await row.getByText('Default', { exact: true }).waitFor();
    const [saved] = await callApi(ui, 'providers.list', {});
    expect(saved).toMatchObject({ name: 'Scripted server', preset: 'vllm', baseUrl: ui.model.baseUrl, wire: 'chat', model: 'scripted', hasKey: false });
    await expect(callApi(ui, 'settings.get', {})).resolves.toMatchObject({ defaultProviderId: saved?.id });

    await row.getByRole('button', { name: 'Test connection' }).click();
    const result = row.getByRole('status');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^Connected: scripted at http:\/\/127\.0\.0\.1:\d+\/v1 .*server answering/);
  });

  it('keeps an API key write-only and says clearly when a server cannot be reached', async () => {
    await providers().getByRole('button', { name: 'Add provider' }).click();
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'Custom' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Nobody home');
    await form.getByRole('textbox', { name: 'Base URL' }).fill('http://127.0.0.1:9/v1');
    await form.getByRole('textbox', { name: 'Model' }).fill('none');
    await form.getByLabel('API key').fill('sk-never-shown-0042');
    await form.getByRole('button', { name: 'Save provider' }).click();

    const row = providers().getByRole('listitem', { name: 'Nobody home' });
    await row.getByText(/key saved/).waitFor();
    expect(await row.getByText('Default', { exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain('sk-never-shown-0042');

    await row.getByRole('button', { name: 'Test connection' }).click();
    const result = row.getByRole('alert');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^Connection failed: none at http:\/\/127\.0\.0\.1:9\/v1 .*start the model server or correct/);

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit Nobody home' });
    await expect(edit.getByLabel('API key').inputValue()).resolves.toBe('');
    await edit.getByRole('checkbox', { name: 'Remove the saved key' }).check();
    await edit.getByRole('button', { name: 'Save provider' }).click();
    await row.getByText(/no key/).waitFor();
  });

  it('saves the defaults: provider, model, concurrency, warm pool and instructions', async () => {
    const form = page.getByRole('form', { name: 'Tasks' });
    await expect(form.getByRole('textbox', { name: 'Default model' }).inputValue()).resolves.toBe('scripted');
    await form.getByRole('textbox', { name: 'Default model' }).fill('scripted-large');
    await form.getByRole('textbox', { name: 'Tasks at once' }).fill('40');
    await form.getByText('A whole number from 1 to 32').waitFor();
    await expect(form.getByRole('button', { name: 'Save settings' }).isDisabled()).resolves.toBe(true);
    await form.getByRole('textbox', { name: 'Tasks at once' }).fill('3');
    await form.getByRole('textbox', { name: 'Warm sandboxes' }).fill('1');
    await form.getByRole('textbox', { name: 'Instructions for every task' }).fill('Answer in French.');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();

    await expect(callApi(ui, 'settings.get', {})).resolves.toMatchObject({ concurrency: 3, poolSize: 1, userInstructions: 'Answer in French.' });
    const list = await callApi(ui, 'providers.list', {});
    expect(list.find((p) => p.name === 'Scripted server')?.model).toBe('scripted-large');
    await page.locator('.toast').first().waitFor({ state: 'detached', timeout: 10_000 });
    await page.evaluate("document.querySelector('.page').scrollTo(0, 0)");
    await screenshotBothThemes(page, 'settings');
  });

  it('switches the theme at once, keeps it after a reload, and follows the OS on System', async () => {
    const theme = page.getByRole('radiogroup', { name: 'Theme' });
    await theme.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(() => bodyBackground(page)).toBe(DARK_BG);
    await expect.poll(async () => (await callApi(ui, 'settings.get', {})).theme).toBe('dark');

    await page.reload();
    await page.getByRole('heading', { name: 'Tasks', exact: false }).first().waitFor();
    await expect(bodyBackground(page)).resolves.toBe(DARK_BG);

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Light' }).check();
    await expect.poll(() => bodyBackground(page)).toBe(LIGHT_BG);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(bodyBackground(page)).resolves.toBe(LIGHT_BG);

    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' }).check();
    await expect.poll(() => bodyBackground(page)).toBe(DARK_BG);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => bodyBackground(page)).toBe(LIGHT_BG);
    await expect.poll(async () => (await callApi(ui, 'settings.get', {})).theme).toBe('system');
  });
});

describe('first run: the system check comes first when something is missing', () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServe({
      CODEBAY_HOME: mkdtempSync(path.join(os.tmpdir(), 'codebay-ui-doctor-')),
      OPENAI_BASE_URL: '',
      OPENAI_API_KEY: '',
      CODEBAY_MODEL: '',
      // A tag that does not exist, so the image check fails and offers a build.
      CODEBAY_IMAGE: 'codebay-sandbox:missing-for-ui-test',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows each failing check with its fix, builds the image on request, and lets the user continue', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'System check' }).waitFor();
    const image = page.getByRole('listitem', { name: 'Sandbox image' });
    await expect(image.textContent()).resolves.toMatch(/missing-for-ui-test missing.*Fix: build it/);
    await expect(page.getByRole('listitem', { name: 'Model' }).textContent()).resolves.toMatch(/Fix: /);
    await expect(page.getByRole('listitem', { name: 'Electron' }).textContent()).resolves.toMatch(/Electron \d+, among the 3 newest majors/);
    await page.getByRole('img', { name: 'System check: needs attention' }).waitFor();
    await screenshotBothThemes(page, 'doctor');

    await image.getByRole('button', { name: 'Build image' }).click();
    const built = image.getByRole('status');
    await built.waitFor({ timeout: 120_000 });
    expect(await built.textContent()).toMatch(/^Sandbox image codebay-sandbox:\S+ (was already built|built in \d+s)/);

    await page.getByRole('listitem', { name: 'Model' }).getByRole('button', { name: 'Add a provider in Settings' }).waitFor();
    await page.getByRole('button', { name: 'Continue anyway' }).click();
    await page.getByRole('textbox', { name: 'Task prompt' }).waitFor();
    await page.getByText(/Tasks cannot run yet: the system check found a problem with sandbox image, model/).waitFor();
    await page.close();
  });
});
