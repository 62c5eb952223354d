import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIX_CALC_PATCH } from '../support/calcRepo.js';
import { answer, byPrompt, patch } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, clickNotification, openApp, recordNotifications, screenshotBothThemes, shownNotifications, taskList, taskRow } from './uiHelpers.js';

const FIX = 'Fix the add function in calc.py';
const TWICE = 'Try the calc fix twice';
const EXPLAIN = 'Explain what add does';
const TASK_TIMEOUT = 120_000;

/** Waits until the element's text matches `pattern`, and returns that text. */
async function waitForText(locator: Locator, pattern: RegExp, timeout = TASK_TIMEOUT): Promise<string> {
  await locator.filter({ hasText: pattern }).waitFor({ timeout });
  return (await locator.textContent()) ?? '';
}

describe('home: environments, composer and the live task list', () => {
  let ui: UiHarness;
  let page: Page;
  const list = (): Locator => taskList(page);
  const row = (title: string): Locator => taskRow(page, title);

  beforeAll(async () => {
    ui = await startUi(
      byPrompt((prompt) => {
        // The first step waits a little so the test can see the task running.
        if (prompt === FIX) return [{ ...patch(FIX_CALC_PATCH), delayMs: 1500 }, answer('Fixed add: it subtracted 【F:calc.py†L2】')];
        if (prompt === TWICE) return [patch(FIX_CALC_PATCH), answer('Fixed it')];
        if (prompt === EXPLAIN) return [answer('`add` returns a - b, which is a bug 【F:calc.py†L2】')];
        return undefined;
      }),
    );
    page = await openApp(ui, (context) => recordNotifications(context, ui.serve.origin));
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('starts on an empty home that says to create an environment first', async () => {
    await expect(page.getByRole('textbox', { name: 'Task prompt' }).isDisabled()).resolves.toBe(true);
    await page.getByText('No tasks yet').waitFor();
    await expect(page.getByRole('button', { name: 'Code', exact: true }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Code', exact: true }).getAttribute('title')).resolves.toMatch(/Ctrl\+Enter/);
    await screenshotBothThemes(page, 'home-empty');
  });

  it('adds an environment from the fixture repo, showing the engine’s error for a wrong path', async () => {
    await page.getByRole('button', { name: 'Create environment' }).click();
    const form = page.getByRole('form', { name: 'New environment' });
    await form.getByRole('textbox', { name: 'Name' }).fill('calc');
    await form.getByRole('textbox', { name: 'Repository path' }).fill('/nonexistent/calc');
    await form.getByRole('button', { name: 'Create environment' }).click();
    await expect(waitForText(form.getByRole('alert'), /nonexistent\/calc/, 10_000)).resolves.toBeTruthy();

    await form.getByRole('textbox', { name: 'Repository path' }).fill(ui.repo);
    // Monaco's input element is hidden; a click on its text area focuses it, as for a user.
    const script = form.locator('.code-editor .view-lines');
    await script.waitFor();
    await script.click();
    await page.keyboard.type('echo ready');
    await form.getByRole('button', { name: 'Add variable' }).click();
    await form.getByRole('textbox', { name: 'Variable 1 name' }).fill('GREETING');
    await form.getByRole('textbox', { name: 'Variable 1 value' }).fill('hello');
    await form.getByRole('button', { name: 'Add secret' }).click();
    await form.getByRole('textbox', { name: 'Secret 1 name' }).fill('API_TOKEN');
    await form.getByRole('textbox', { name: 'Secret API_TOKEN value' }).fill('sekret-value-42');
    await form.getByRole('textbox', { name: 'Memory (GiB)' }).fill('2');
    await form.getByRole('textbox', { name: 'Disk (GiB)' }).fill('8');
    await screenshotBothThemes(page, 'environment-form');
    await form.getByRole('button', { name: 'Create environment' }).click();

    const saved = page.getByRole('form', { name: 'Edit calc' });
    await saved.waitFor();
    await saved.getByText('•••••••• saved').waitFor();
    expect(await page.content()).not.toContain('sekret-value-42');
    const [environment] = await callApi(ui, 'environments.list', {});
    expect(environment).toMatchObject({
      name: 'calc',
      setupScript: 'echo ready',
      envVars: { GREETING: 'hello' },
      secretNames: ['API_TOKEN'],
      memoryBytes: 2 * 1024 ** 3,
      diskBytes: 8 * 1024 ** 3,
      agentNetwork: false,
    });
  });

  it('launches a Code task with Ctrl+Enter and shows its live status, then its +1 −1 counts', async () => {
    await page.getByRole('button', { name: 'Tasks' }).click();
    const prompt = page.getByRole('textbox', { name: 'Task prompt' });
    await expect(prompt.isEnabled()).resolves.toBe(true);
    await expect(page.getByRole('combobox', { name: 'Environment' }).inputValue()).resolves.not.toBe('');
    await expect(waitForText(page.getByRole('combobox', { name: 'Base branch' }), /main/, 10_000)).resolves.toBeTruthy();
    await prompt.fill(FIX);
    await screenshotBothThemes(page, 'composer');
    await prompt.press('Control+Enter');

    const task = row(FIX);
    await task.waitFor();
    await expect(prompt.inputValue()).resolves.toBe('');
    // While the scripted model holds its first answer, the row shows the task in flight.
    await waitForText(task, /Preparing|Running/, 60_000);
    const done = await waitForText(task, /Done/);
    expect(done).toContain('+1');
    expect(done).toContain('−1');
    expect(done).toContain('main');
  });

  it('notifies when the task finishes, and the notification opens the task', async () => {
    await expect.poll(() => shownNotifications(page)).toEqual([{ title: 'Task finished', body: `${FIX} · +1 −1` }]);
    await clickNotification(page, 0);
    await page.getByRole('heading', { name: FIX }).waitFor();
    await page.keyboard.press('Escape');
    await row(FIX).waitFor();
  });

  it('shows a best-of-2 launch as one row with both attempts inside', async () => {
    await page.getByRole('combobox', { name: 'Attempts' }).selectOption('2');
    await page.getByRole('textbox', { name: 'Task prompt' }).fill(TWICE);
    await page.getByRole('button', { name: 'Code', exact: true }).click();
    const group = row(TWICE);
    await group.waitFor({ timeout: 10_000 });
    await expect(group.count()).resolves.toBe(1);
    const chips = group.getByRole('group', { name: '2 attempts' }).getByRole('button');
    await expect.poll(() => chips.allTextContents()).toEqual(['1', '2']);
    await waitForText(group, /Done/);
    await expect.poll(() => chips.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') ?? '')), { timeout: TASK_TIMEOUT }).toEqual([
      expect.stringMatching(/^Attempt 1: Done, \+1 −1/),
      expect.stringMatching(/^Attempt 2: Done, \+1 −1/),
    ]);
    expect(await group.textContent()).toContain('+1');
    await page.getByRole('combobox', { name: 'Attempts' }).selectOption('1');
  });

  it('runs an Ask task with Ctrl+Shift+Enter', async () => {
    const prompt = page.getByRole('textbox', { name: 'Task prompt' });
    await prompt.fill(EXPLAIN);
    await prompt.press('Control+Shift+Enter');
    const task = row(EXPLAIN);
    await task.waitFor();
    expect(await task.textContent()).toContain('Ask');
    await waitForText(task, /Done/);
    await screenshotBothThemes(page, 'home-tasks');
  });

  it('filters active, done and archived tasks, and searches titles', async () => {
    const [explain] = (await callApi(ui, 'tasks.list', { search: EXPLAIN })).tasks;
    expect(explain).toBeDefined();
    await callApi(ui, 'tasks.archive', { id: explain?.id ?? '', archived: true });

    await page.getByRole('button', { name: 'Active', exact: true }).click();
    await page.getByText('Nothing is running').waitFor();
    // The two attempts of the best-of-2 are one row.
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await expect.poll(() => list().getByRole('listitem').count()).toBe(2);
    await expect(row(EXPLAIN).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Archived', exact: true }).click();
    await expect.poll(() => list().getByRole('listitem').count()).toBe(1);
    await row(EXPLAIN).waitFor();
    // All leaves archived tasks out.
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await expect.poll(() => list().getByRole('listitem').count()).toBe(2);

    const search = page.getByRole('searchbox', { name: 'Search tasks' });
    await search.fill('twice');
    await expect.poll(() => list().getByRole('listitem').count()).toBe(1);
    await expect(page.getByText('2 tasks').count()).resolves.toBe(1);
    await expect(row(TWICE).locator('mark').textContent()).resolves.toBe('twice');
    await search.fill('no such task anywhere');
    await page.getByText('No tasks match “no such task anywhere”').waitFor();
    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect.poll(() => list().getByRole('listitem').count()).toBe(2);
    await callApi(ui, 'tasks.archive', { id: explain?.id ?? '', archived: false });
    await expect.poll(() => list().getByRole('listitem').count()).toBe(3);
  });

  it('moves through the list with j and k, opens with Enter and comes back with Esc', async () => {
    await page.locator('body').click({ position: { x: 700, y: 845 } });
    await page.evaluate('document.activeElement?.blur()');
    const items = list().getByRole('listitem');
    const current = async (): Promise<string | null> => list().locator('[aria-current="true"]').getAttribute('data-task-id');
    const ids = await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-task-id')));
    const titles = await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')));

    // k past the top stays on the first task, wherever the selection was.
    for (let i = 0; i < ids.length; i++) await page.keyboard.press('k');
    await expect.poll(current).toBe(ids[0]);
    await page.keyboard.press('j');
    await expect.poll(current).toBe(ids[1]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(current).toBe(ids[2]);
    await page.keyboard.press('k');
    await expect.poll(current).toBe(ids[1]);
    await expect(page.evaluate("document.activeElement?.getAttribute('data-task-id')")).resolves.toBe(ids[1]);

    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: titles[1] ?? '' }).waitFor();
    await expect(list().count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await list().waitFor();
    await expect.poll(current).toBe(ids[1]);
  });

  it('opens the nth task with Ctrl+digit and moves between screens with g then a letter', async () => {
    const titles = await list().getByRole('listitem').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')));
    await page.keyboard.press('Control+3');
    await page.getByRole('heading', { name: titles[2] ?? '' }).waitFor();
    await page.keyboard.press('Escape');
    await list().waitFor();

    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('e');
    await page.getByRole('form', { name: 'Edit calc' }).waitFor();
    await page.keyboard.press('c');
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('Task prompt');
  });

  it('lists the keyboard shortcuts on ?', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Ctrl+Enter');
    await screenshotBothThemes(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
  });
});
