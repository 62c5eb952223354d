import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSandboxImage } from '../support/docker.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes } from './uiHelpers.js';

const SECRET = 'sekret-trial-value-7731';

/** Whether the element's box lies inside the window, as a user would see it without scrolling. */
async function inView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

/** Types into the form's Monaco setup script editor, replacing what it holds. */
async function typeScript(page: Page, form: Locator, lines: string[]): Promise<void> {
  const editor = form.locator('.code-editor .view-lines');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // Monaco indents after some lines; each line is typed at the start of a fresh one.
  for (const [index, line] of lines.entries()) {
    if (index > 0) {
      await page.keyboard.press('Enter');
      await page.keyboard.press('Home');
    }
    await page.keyboard.type(line);
  }
}

describe('the environment form', () => {
  let ui: UiHarness;
  let page: Page;
  const form = (): Locator => page.getByRole('form', { name: /New environment|Edit / });

  beforeAll(async () => {
    await requireSandboxImage();
    ui = await startUi([]);
    page = await openApp(ui);
    await page.getByRole('button', { name: 'Environments' }).click();
    await page.getByRole('button', { name: 'New environment' }).first().click();
    await form().waitFor();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('shows the default time limit of 60 minutes', async () => {
    await expect(form().getByRole('textbox', { name: 'Time limit (minutes)' }).getAttribute('placeholder')).resolves.toBe('60');
  });

  it('names a new environment after its repository folder, until the user names it', async () => {
    const name = form().getByRole('textbox', { name: 'Name' });
    await form().getByRole('textbox', { name: 'Repository path' }).fill(ui.repo);
    await expect(name.inputValue()).resolves.toBe(path.basename(ui.repo));
    await form().getByRole('textbox', { name: 'Repository path' }).fill(`${ui.repo}/`);
    await expect(name.inputValue()).resolves.toBe(path.basename(ui.repo));
    await name.fill('calc');
    await form().getByRole('textbox', { name: 'Repository path' }).fill('/nonexistent/elsewhere');
    await expect(name.inputValue()).resolves.toBe('calc');
  });

  it('shows the engine’s error next to its field and scrolls it into view', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await form().getByRole('button', { name: 'Create environment' }).scrollIntoViewIfNeeded();
    await form().getByRole('button', { name: 'Create environment' }).click();
    const repoField = form().getByRole('textbox', { name: 'Repository path' });
    await expect.poll(() => repoField.getAttribute('aria-invalid')).toBe('true');
    const message = form().getByRole('alert').filter({ hasText: '/nonexistent/elsewhere' });
    await message.waitFor();
    await expect.poll(() => inView(page, message)).toBe(true);
    await expect.poll(() => page.locator(':focus').inputValue()).toBe('/nonexistent/elsewhere');
    await screenshotBothThemes(page, 'environment-field-error');
  });

  it('shows a typing mistake next to its field too, and clears it once fixed', async () => {
    await form().getByRole('textbox', { name: 'Repository path' }).fill(ui.repo);
    const limit = form().getByRole('textbox', { name: 'Time limit (minutes)' });
    await limit.fill('soon');
    await page.evaluate("document.querySelector('.page')?.scrollTo(0, 0)");
    await form().getByRole('button', { name: 'Create environment' }).click();
    await expect.poll(() => limit.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => inView(page, limit)).toBe(true);
    await limit.fill('45');
    await expect(limit.getAttribute('aria-invalid')).resolves.toBeNull();
  });

  it('tests the setup script in a throwaway sandbox before saving, with secrets masked in its log', async () => {
    await page.setViewportSize({ width: 1360, height: 860 });
    await typeScript(page, form(), ['echo "greeting is $GREETING"', 'echo "token is $API_TOKEN"', 'ls', 'id -un']);
    await form().getByRole('button', { name: 'Add variable' }).click();
    await form().getByRole('textbox', { name: 'Variable 1 name' }).fill('GREETING');
    await form().getByRole('textbox', { name: 'Variable 1 value' }).fill('hello');
    await form().getByRole('button', { name: 'Add secret' }).click();
    await form().getByRole('textbox', { name: 'Secret 1 name' }).fill('API_TOKEN');
    await form().getByRole('textbox', { name: 'Secret API_TOKEN value' }).fill(SECRET);
    await form().getByRole('button', { name: 'Test setup' }).click();

    const result = form().getByRole('status', { name: 'Setup test' });
    await result.filter({ hasText: /Setup succeeded/ }).waitFor({ timeout: 120_000 });
    const log = form().getByRole('log', { name: 'Setup log' });
    const text = await log.innerText();
    expect(text).toContain('greeting is hello');
    expect(text).toContain('token is ••••••');
    expect(text).toContain('calc.py');
    expect(text).toContain('root');
    expect(text).not.toContain(SECRET);
    // Nothing was saved: the test ran the form as typed.
    await expect(callApi(ui, 'environments.list', {})).resolves.toEqual([]);
    await screenshotBothThemes(page, 'environment-setup-test');
  });

  it('says when the setup script fails, with its exit code and output', async () => {
    await typeScript(page, form(), ['echo "installing"', 'echo "no such package" >&2', 'exit 3']);
    await form().getByRole('button', { name: 'Test setup' }).click();
    const result = form().getByRole('status', { name: 'Setup test' });
    await result.filter({ hasText: /Setup failed: the script exited with 3/ }).waitFor({ timeout: 120_000 });
    const text = await form().getByRole('log', { name: 'Setup log' }).innerText();
    expect(text).toContain('installing');
    expect(text).toContain('no such package');
    expect(text).not.toContain('greeting is hello');
  });
});
