import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIX_CALC_PATCH } from '../support/calcRepo.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes, taskList } from './uiHelpers.js';

const FIRST = 'First routed task';
const SECOND = 'Second routed task';
const LONG = 'A task that runs long';
const BEST = 'Which function adds, two ways';
const TASK_TIMEOUT = 120_000;

describe('every screen has a URL; the task view has keys (real engine, Docker)', () => {
  let ui: UiHarness;
  let page: Page;
  let environmentId: string;
  const ids: Record<string, string> = {};
  const list = (): Locator => taskList(page);
  const tab = (name: string): Locator => page.getByRole('tab', { name, exact: false });
  const hash = (): Promise<string> => page.evaluate('location.hash') as Promise<string>;

  const create = async (prompt: string): Promise<string> => {
    const [created] = await callApi(ui, 'tasks.create', { prompt, title: prompt, mode: 'code', environmentId, attempts: 1 });
    return created?.id ?? '';
  };
  const waitDone = async (id: string): Promise<void> => {
    const until = Date.now() + TASK_TIMEOUT;
    for (;;) {
      const { status, error } = (await callApi(ui, 'tasks.get', { id })).task;
      if (status === 'succeeded') return;
      if (status === 'failed' || status === 'cancelled' || Date.now() > until) throw new Error(`task ${id} ended ${status}, not succeeded: ${error ?? 'no error'}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  beforeAll(async () => {
    ui = await startUi(
      byPrompt((prompt) => {
        if (prompt === FIRST) return [patch(FIX_CALC_PATCH), answer('Fixed add.')];
        if (prompt === SECOND) return [answer('Nothing to change.')];
        if (prompt === LONG) return [shell(['bash', '-lc', 'sleep 60']), answer('Slept.')];
        if (prompt === BEST) return [answer('`add` adds.')];
        return undefined;
      }),
    );
    environmentId = (await callApi(ui, 'environments.create', { name: 'calc', repoPath: ui.repo })).id;
    ids[FIRST] = await create(FIRST);
    await waitDone(ids[FIRST]);
    ids[SECOND] = await create(SECOND);
    await waitDone(ids[SECOND]);
    page = await openApp(ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('gives a task and its tab a URL that survives a reload, and Back and Forward move between screens', async () => {
    await list().getByRole('listitem', { name: FIRST, exact: true }).click();
    await page.getByRole('heading', { name: FIRST }).waitFor();
    expect(await hash()).toBe(`#/tasks/${ids[FIRST]}`);
    await page.keyboard.press('3');
    await expect.poll(() => tab('Diff').getAttribute('aria-selected')).toBe('true');
    expect(await hash()).toBe(`#/tasks/${ids[FIRST]}/diff`);

    await page.reload();
    await page.getByRole('heading', { name: FIRST }).waitFor();
    await expect.poll(() => tab('Diff').getAttribute('aria-selected')).toBe('true');

    await page.goBack();
    await list().waitFor();
    expect(await hash()).toBe('#/');
    await page.goForward();
    await page.getByRole('heading', { name: FIRST }).waitFor();

    await page.goto(`${ui.serve.url}#/settings`);
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Environments' }).click();
    expect(await hash()).toBe('#/environments');
    await page.goBack();
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await page.goto(`${ui.serve.url}#/tasks/${ids[SECOND]}/logs`);
    await page.getByRole('heading', { name: SECOND }).waitFor();
    await expect.poll(() => tab('Logs').getAttribute('aria-selected')).toBe('true');
  });

  it('moves to the next and previous task with J and K, switches tabs with digits and focuses the follow-up with F', async () => {
    await page.goto(`${ui.serve.url}#/`);
    await list().getByRole('listitem', { name: SECOND, exact: true }).click();
    await page.getByRole('heading', { name: SECOND }).waitFor();
    await page.keyboard.press('j');
    await page.getByRole('heading', { name: FIRST }).waitFor();
    expect(await hash()).toMatch(new RegExp(`^#/tasks/${ids[FIRST]}`));
    await page.keyboard.press('k');
    await page.getByRole('heading', { name: SECOND }).waitFor();
    await page.keyboard.press('2');
    await expect.poll(() => tab('Logs').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('1');
    await expect.poll(() => tab('Conversation').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('f');
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('Follow-up prompt');
    await page.keyboard.press('Escape');
  });

  it('retries with Shift+R and cancels a running task with Shift+C', async () => {
    await page.keyboard.press('Shift+R');
    await page.getByText('Running the last turn again').waitFor();
    await waitDone(ids[SECOND] ?? '');

    const long = await create(LONG);
    await page.goto(`${ui.serve.url}#/tasks/${long}`);
    await page.getByRole('heading', { name: LONG }).waitFor();
    await expect.poll(async () => (await callApi(ui, 'tasks.get', { id: long })).task.activity?.text, { timeout: TASK_TIMEOUT, interval: 500 }).toBe('running `sleep 60`');
    await page.keyboard.press('Shift+C');
    await expect.poll(async () => (await callApi(ui, 'tasks.get', { id: long })).task.status, { timeout: 60_000, interval: 500 }).toBe('cancelled');
  }, 240_000);

  it('lists the task keys in the shortcuts sheet', async () => {
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const text = (await help.textContent()) ?? '';
    for (const what of ['Next task in the list', 'Diff tab (Files in Ask tasks)', 'Write a follow-up', 'Cancel the running task', 'Retry the last turn', 'Select the task for a bulk action']) expect(text).toContain(what);
    await page.keyboard.press('Escape');
  });

  it('gives each attempt of a best-of-N its own URL: switching attempts keeps the tab and survives a reload, and Back to tasks leaves the task', async () => {
    const attempts = (await callApi(ui, 'tasks.create', { prompt: BEST, title: BEST, mode: 'ask', environmentId, attempts: 2 })).sort((a, b) => a.attempt - b.attempt).map((t) => t.id);
    for (const id of attempts) await waitDone(id);
    const [first, second] = attempts;
    const switcher = page.getByRole('group', { name: 'Attempts' });
    const pressed = (attempt: number): Promise<string | null> => switcher.getByRole('button', { name: new RegExp(`^Attempt ${attempt}`) }).getAttribute('aria-pressed');

    await page.goto(`${ui.serve.url}#/tasks/${first}/logs`);
    await page.getByRole('heading', { name: BEST }).waitFor();
    await expect.poll(() => pressed(1)).toBe('true');
    await switcher.getByRole('button', { name: /^Attempt 2/ }).click();
    await expect.poll(hash).toBe(`#/tasks/${second}/logs`);
    await expect.poll(() => pressed(2)).toBe('true');
    expect(await tab('Logs').getAttribute('aria-selected')).toBe('true');
    await screenshotBothThemes(page, 'task-attempt-switched');

    await page.reload();
    await page.getByRole('heading', { name: BEST }).waitFor();
    await expect.poll(() => pressed(2)).toBe('true');
    await expect.poll(() => tab('Logs').getAttribute('aria-selected')).toBe('true');

    // Like a tab, an attempt is the same task seen another way: Back to tasks leaves the task, not the attempt.
    await page.getByRole('button', { name: 'Back to tasks' }).click();
    await expect.poll(hash).toBe('#/');
    await list().waitFor();
  }, 240_000);
});
