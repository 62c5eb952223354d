import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUGGY_CALC } from '../support/calcRepo.js';
import { requireSandboxImage } from '../support/docker.js';
import { sh } from '../support/gitFixture.js';
import type { Step } from '../support/modelServer/index.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { screenshotBothThemes } from './uiHelpers.js';
import { ProtocolClient } from './uiTaskClient.js';

const ASK = 'Where does add go wrong?';
const TWO_FILES = 'Tidy calc and its test';
const NOTHING = 'Look around and change nothing';
const LONG = 'Wait for a very long time';
const BROKEN = 'Ask a model that keeps failing';
const PLANNED = 'Plan, then wait for a very long time';

// Two separate changes in each file, so "Next change" has somewhere to go inside a file and beyond it.
const TWO_FILES_PATCH = [
  '*** Begin Patch',
  '*** Update File: calc.py',
  '@@',
  '+# Arithmetic helpers.',
  ' def add(a, b):',
  '-    return a - b',
  '+    return a + b',
  '*** Update File: test_calc.py',
  '@@',
  '-import unittest',
  '+import unittest  # the standard library runner',
  ' from calc import add',
  '@@',
  '         self.assertEqual(add(2, 3), 5)',
  '+        self.assertEqual(add(-1, 1), 0)',
  '*** End Patch',
].join('\n');
const PLAN = [
  { step: 'Look around', status: 'in_progress' },
  { step: 'Wait', status: 'pending' },
];
const MODEL_DOWN: Step = { fault: 'http', status: 500, retryAfter: 0 };
const SETUP_SCRIPT = 'echo Installing the tools\necho Tools installed';

describe('the task view, polished (real engine, Docker, git; scripted model)', () => {
  let ui: UiHarness;
  let client: ProtocolClient;
  let page: Page;
  let environmentId: string;
  /** The same repository with a setup script, for a task whose log starts with setup output. */
  let setupEnvironmentId: string;

  const createTask = async (prompt: string, mode: 'code' | 'ask' = 'code', environment = environmentId): Promise<string> => {
    const [created] = await client.call('tasks.create', { prompt, title: prompt, mode, environmentId: environment, attempts: 1 });
    return created?.id ?? '';
  };
  const finished = async (id: string): Promise<void> => {
    const task = await client.waitForStatus(id, ['succeeded', 'failed'], 120_000);
    expect(task.status, task.error ?? '').toBe('succeeded');
  };
  const openTask = async (title: string): Promise<void> => {
    await page.goto(ui.serve.url);
    // The list can be slow to come on a loaded machine.
    await page.getByRole('listitem', { name: title }).first().click({ timeout: 60_000 });
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  };
  const tab = (name: 'Conversation' | 'Logs' | 'Diff' | 'Files') => page.getByRole('tab', { name });

  beforeAll(async () => {
    await requireSandboxImage();
    ui = await startUi(
      byPrompt((prompt) => {
        if (prompt.includes(ASK)) return [answer('`add` subtracts 【F:calc.py†L1-L2】; the test expects a sum 【F:test_calc.py†L6】.')];
        if (prompt.includes(TWO_FILES)) return [patch(TWO_FILES_PATCH), answer('Tidied both files.')];
        if (prompt.includes(NOTHING)) return [answer('Nothing needed changing.')];
        if (prompt.includes(PLANNED)) return [{ toolCalls: [{ name: 'update_plan', arguments: { plan: PLAN } }] }, shell(['sleep', '600']), answer('Done waiting.')];
        if (prompt.includes(LONG)) return [shell(['sleep', '600']), answer('Finished waiting.')];
        if (prompt.includes(BROKEN)) return Array.from({ length: 12 }, () => MODEL_DOWN);
        return undefined;
      }),
    );
    client = await ProtocolClient.connect(ui.serve);
    environmentId = (await client.call('environments.create', { name: 'calc', repoPath: ui.repo })).id;
    setupEnvironmentId = (await client.call('environments.create', { name: 'calc with setup', repoPath: ui.repo, setupScript: SETUP_SCRIPT })).id;
    page = await ui.browser.newPage({ viewport: { width: 1360, height: 860 } });
  });

  afterAll(async () => {
    client?.close();
    await ui?.close();
  });

  it('opens an Ask answer’s file citation at those lines, read-only, as the task saw the file', async () => {
    const id = await createTask(ASK, 'ask');
    await finished(id);
    await openTask(ASK);
    // An Ask task has no diff: the tab its citations open is a file viewer, and says so.
    await expect(tab('Diff').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'calc.py:1–2' }).click();
    await expect(tab('Files').getAttribute('aria-selected')).resolves.toBe('true');
    const editor = page.locator('.tv-monaco[data-path="calc.py"]');
    await editor.locator('.view-lines').getByText('return a - b').waitFor({ timeout: 20_000 });
    await expect(editor.getAttribute('data-lines')).resolves.toBe('1-2');
    await page.locator('.tv-cited-line').first().waitFor();
    expect(await page.getByText('No diff for Ask tasks').count()).toBe(0);
    await page.getByText(/as of commit [0-9a-f]{10} · read only/).waitFor();
    await screenshotBothThemes(page, 'task-ask-citation-file');
    // A second citation opens the other file.
    await tab('Conversation').click();
    await page.getByRole('link', { name: 'test_calc.py:6' }).click();
    await page.locator('.tv-monaco[data-path="test_calc.py"] .view-lines').getByText('assertEqual').waitFor({ timeout: 20_000 });
  }, 180_000);

  it('starts a Code task from an Ask answer with the question and answer in the composer', async () => {
    await page.getByRole('button', { name: 'More task actions' }).click();
    await page.getByRole('menuitem', { name: 'Start a Code task from this answer' }).click();
    const prompt = page.getByRole('textbox', { name: 'Task prompt' });
    await expect.poll(() => prompt.inputValue()).toContain(`Question: ${ASK}`);
    expect(await prompt.inputValue()).toContain('[calc.py L1–2]');
  });

  it('disables Export, Create branch and Push on a task without changes, saying why', async () => {
    const id = await createTask(NOTHING, 'code', setupEnvironmentId);
    await finished(id);
    await openTask(NOTHING);
    const reason = (action: string) => `“${NOTHING}” changed no files, so there is nothing to ${action}`;
    const bar = page.getByRole('toolbar', { name: 'Task actions' });
    for (const [name, action] of [['Export patch', 'export'], ['Create branch', 'put on a branch'], ['Push', 'push']] as const) {
      const button = bar.getByRole('button', { name, exact: true });
      await expect(button.isDisabled()).resolves.toBe(true);
      await expect(button.getAttribute('title')).resolves.toBe(reason(action));
    }
  }, 180_000);

  it('stamps turns and log blocks with their time, the full date on hover', async () => {
    await tab('Conversation').click();
    const stamp = page.locator('.tv-turn-head time.tv-turn-time').first();
    await expect(stamp.innerText()).resolves.toMatch(/just now|\d+m ago/);
    await expect(stamp.getAttribute('title')).resolves.toContain(String(new Date().getFullYear()));
    await screenshotBothThemes(page, 'task-conversation-timestamps');
    await tab('Logs').click();
    const logStamp = page.locator('.tv-log-turn time.tv-log-time').first();
    await expect(logStamp.innerText()).resolves.toMatch(/\d{1,2}:\d{2}:\d{2}/);
    await expect(logStamp.getAttribute('title')).resolves.toContain(String(new Date().getFullYear()));
    // Setup output has no header line: its first line carries the block's stamp.
    const setupLines = page.locator('.tv-log-setup');
    await setupLines.filter({ hasText: 'Tools installed' }).waitFor();
    const setupStamp = setupLines.filter({ hasText: 'Installing the tools' }).locator('time.tv-log-time');
    await expect(setupStamp.innerText()).resolves.toMatch(/\d{1,2}:\d{2}:\d{2}/);
    await expect(setupStamp.getAttribute('title')).resolves.toContain(String(new Date().getFullYear()));
    // Output lines carry no stamp: only where a block starts.
    expect(await page.locator('.tv-log-agent time').count()).toBe(0);
    expect(await setupLines.locator('time').count()).toBe(1);
    await screenshotBothThemes(page, 'task-logs-timestamps');
  });

  it('archives from the task view back to the list, and Undo brings the task back', async () => {
    const id = (await client.call('tasks.list', { view: 'all' })).tasks.find((t) => t.title === NOTHING)?.id ?? '';
    await page.getByRole('button', { name: 'More task actions' }).click();
    await page.getByRole('menuitem', { name: 'Archive' }).click();
    const list = page.getByRole('list', { name: 'Tasks' });
    await page.getByRole('textbox', { name: 'Task prompt' }).waitFor();
    await expect.poll(() => page.getByRole('listitem', { name: NOTHING }).count()).toBe(0);
    await expect(client.call('tasks.get', { id })).resolves.toMatchObject({ task: { archived: true } });
    await page.getByRole('status').filter({ hasText: `Archived “${NOTHING}”` }).getByRole('button', { name: 'Undo' }).click();
    await list.getByRole('listitem', { name: NOTHING }).first().waitFor();
    await expect(client.call('tasks.get', { id })).resolves.toMatchObject({ task: { archived: false } });
  });

  it('steps "Next change" into the next file, and "Previous change" back into the one before', async () => {
    const id = await createTask(TWO_FILES);
    await finished(id);
    await openTask(TWO_FILES);
    await tab('Diff').click();
    await page.getByRole('option', { name: /calc\.py/ }).first().waitFor();
    const shownPath = () => page.locator('.tv-monaco').getAttribute('data-path');
    const place = page.getByRole('status', { name: 'Current change' });
    await expect.poll(shownPath).toBe('calc.py');
    await page.locator('.tv-monaco .editor.modified .view-lines').getByText('Arithmetic').waitFor({ timeout: 20_000 });
    const next = page.getByRole('button', { name: 'Next change' });
    const previous = page.getByRole('button', { name: 'Previous change' });
    await next.click();
    await expect.poll(() => place.innerText()).toBe('Change 1 of 2');
    await next.click();
    await expect.poll(() => place.innerText()).toBe('Change 2 of 2');
    await next.click();
    await expect.poll(shownPath).toBe('test_calc.py');
    await expect.poll(() => place.innerText()).toBe('Change 1 of 2');
    await expect(page.getByRole('option', { name: /test_calc\.py/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await previous.click();
    await expect.poll(shownPath).toBe('calc.py');
    await expect.poll(() => place.innerText()).toBe('Change 2 of 2');
  }, 180_000);

  it('marks files viewed (kept across a reload), wraps long lines and collapses unchanged regions', async () => {
    await page.getByRole('checkbox', { name: 'Viewed' }).check();
    await page.getByTestId('viewed-count').getByText('1 of 2 viewed').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: TWO_FILES }).waitFor();
    await tab('Diff').click();
    await page.getByTestId('viewed-count').getByText('1 of 2 viewed').waitFor();
    await expect(page.getByRole('option', { name: /calc\.py.*viewed/ }).count()).resolves.toBe(1);
    await page.getByRole('checkbox', { name: 'Wrap' }).check();
    await page.locator('.tv-monaco .editor.modified .view-lines').getByText('Arithmetic').waitFor();
    await page.getByRole('checkbox', { name: 'Collapse unchanged' }).check();
    await screenshotBothThemes(page, 'task-diff-viewed-wrap');
    await expect(page.getByRole('checkbox', { name: 'Wrap' }).isChecked()).resolves.toBe(true);
    await page.getByRole('checkbox', { name: 'Collapse unchanged' }).uncheck();
    await page.getByRole('checkbox', { name: 'Wrap' }).uncheck();
  });

  it('keeps the header to two rows at 1024×700 and side by side really side by side', async () => {
    sh(ui.repo, ['branch', '--quiet', 'codebay/a-rather-long-branch-name-for-a-small-window']);
    const id = (await client.call('tasks.list', { view: 'all' })).tasks.find((t) => t.title === TWO_FILES)?.id ?? '';
    await client.call('tasks.createBranch', { id, name: 'codebay/a-rather-long-branch-name-for-a-small-window-too' });
    await page.setViewportSize({ width: 1024, height: 700 });
    try {
      await openTask(TWO_FILES);
      await page.getByText(/branch codebay\/a-rather-long/).waitFor();
      await screenshotBothThemes(page, 'task-header-1024');
      // Page source as text: this file is compiled without the DOM library.
      const rows = (await page.evaluate("[...document.querySelector('.tv-header').children].map((c) => c.offsetHeight).filter((h) => h > 0)")) as number[];
      expect(rows.length).toBe(2);
      // Each row stays one line high: the actions do not wrap, the facts do not spill over.
      for (const height of rows) expect(height).toBeLessThan(40);
      const title = await page.getByRole('heading', { level: 1, name: TWO_FILES }).boundingBox();
      expect(title?.width ?? 0).toBeGreaterThan(80);
      const markers = await page.locator('.tv-markers').boundingBox();
      expect((markers?.x ?? 0) + (markers?.width ?? 0)).toBeLessThanOrEqual(1024 - 24);
      await tab('Diff').click();
      await page.locator('.tv-monaco .editor.modified .view-lines').getByText('Arithmetic').waitFor({ timeout: 20_000 });
      await expect(page.getByRole('button', { name: 'Side by side' }).getAttribute('aria-pressed')).resolves.toBe('true');
      const original = await page.locator('.tv-monaco .editor.original').boundingBox();
      expect(original?.width ?? 0).toBeGreaterThan(100);
    } finally {
      await page.setViewportSize({ width: 1360, height: 860 });
    }
  });

  it('applies a task’s change to the working tree from the menu', async () => {
    await tab('Conversation').click();
    await page.getByRole('button', { name: 'More task actions' }).click();
    await page.getByRole('menuitem', { name: 'Apply to my working tree' }).click();
    await page.getByText(/Applied 2 changed files to/).waitFor({ timeout: 20_000 });
    expect(readFileSync(path.join(ui.repo, 'calc.py'), 'utf8')).toContain('# Arithmetic helpers.');
    // A second time the tree has changes of its own, and the engine says so.
    await page.getByRole('button', { name: 'More task actions' }).click();
    await page.getByRole('menuitem', { name: 'Apply to my working tree' }).click();
    await page.getByText(/your working tree has uncommitted changes \(calc\.py, test_calc\.py\)/).waitFor();
    sh(ui.repo, ['reset', '--quiet', '--hard']);
    expect(readFileSync(path.join(ui.repo, 'calc.py'), 'utf8')).toBe(BUGGY_CALC);
  });

  it('shows the running step in the header, and a queued task’s place in line', async () => {
    await client.call('settings.update', { concurrency: 1 });
    const ids: string[] = [];
    try {
      const running = await createTask(LONG);
      ids.push(running);
      await openTask(LONG);
      const step = page.getByTestId('current-step');
      await step.getByText(/running sleep 600 · \d+s/).waitFor({ timeout: 30_000 });
      const second = await createTask(`${LONG} (second)`);
      const third = await createTask(`${LONG} (third)`);
      ids.push(second, third);
      await openTask(`${LONG} (third)`);
      await page.getByText('Queued · 2nd in line (1 running of 1 allowed): it starts when a running task ends.').waitFor();
      expect(await page.getByText('Waiting for the sandbox to start…').count()).toBe(0);
      await expect(page.getByTestId('current-step').innerText()).resolves.toBe('2nd in line (1 running of 1 allowed)');
      await client.call('tasks.cancel', { id: second });
      await page.getByText('Queued · 1st in line (1 running of 1 allowed): it starts when a running task ends.').waitFor();
    } finally {
      for (const id of ids.reverse()) await client.call('tasks.cancel', { id }).catch(() => undefined);
      for (const id of ids) await client.waitForStatus(id, ['cancelled', 'failed', 'succeeded'], 30_000);
      await client.call('settings.update', { concurrency: 2 });
    }
  }, 120_000);

  it('labels a retried turn and closes the plan the cancelled run left in progress', async () => {
    const id = await createTask(PLANNED);
    await openTask(PLANNED);
    await page.getByRole('button', { name: /\$ sleep 600/ }).waitFor({ timeout: 30_000 });
    await client.call('tasks.cancel', { id });
    await client.waitForStatus(id, ['cancelled'], 30_000);
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    const retried = page.getByRole('article', { name: 'Turn 1 · retry 1' });
    await retried.waitFor({ timeout: 30_000 });
    const first = page.getByRole('article', { name: 'Turn 1', exact: true });
    await first.getByText('(not finished)').waitFor();
    // The cancelled run's label may carry its duration once the task's turns are read again.
    expect(await page.locator('.tv-turn-label', { hasText: /^Turn 1(?! · retry)/ }).count()).toBe(1);
    await client.call('tasks.cancel', { id });
    await client.waitForStatus(id, ['cancelled'], 30_000);
  }, 120_000);

  it('tells a model failure once: retries as one line, one error that links to Settings', async () => {
    const id = await createTask(BROKEN);
    const task = await client.waitForStatus(id, ['succeeded', 'failed'], 120_000);
    expect(task.status).toBe('failed');
    await openTask(BROKEN);
    const turn = page.getByRole('article', { name: 'Turn 1' });
    await turn.getByText(/Model request retried 4 times/).waitFor();
    await expect(turn.locator('.tv-retries').count()).resolves.toBe(1);
    await expect(turn.locator('.tv-conv-error').count()).resolves.toBe(1);
    await expect(page.locator('.tv-task-error').count()).resolves.toBe(0);
    await turn.getByRole('link', { name: 'Check the model provider in Settings' }).click();
    await page.getByRole('heading', { name: /Settings/ }).first().waitFor();
  }, 180_000);
});
