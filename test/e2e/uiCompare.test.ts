import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_LABELS } from '../../shared/agents.js';
import type { TaskView } from '../../shared/types.js';
import { threeRoads } from '../support/threeRoads.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes } from './uiHelpers.js';

const PROMPT = 'Fix add, three ways';

describe('the Compare view of a best-of-3 (Chromium, real engine, scripted model)', () => {
  let ui: UiHarness;
  let page: Page;
  let attempts: TaskView[];

  beforeAll(async () => {
    ui = await startUi(threeRoads());
    const environment = await callApi(ui, 'environments.create', { name: 'calc', repoPath: ui.repo });
    attempts = await callApi(ui, 'tasks.create', { prompt: PROMPT, mode: 'code', environmentId: environment.id, attempts: 3 });
    page = await openApp(ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('lists the attempts on evidence, opens one by its number key, and keeps the chosen one', async () => {
    // The three attempts end in their own time; the list shows them as one row.
    const finished = async () => (await Promise.all(attempts.map((a) => callApi(ui, 'tasks.get', { id: a.id })))).filter((d) => d.task.status === 'succeeded').length;
    await expect.poll(finished, { timeout: 180_000, interval: 500 }).toBe(3);
    const rows = page.getByRole('list', { name: 'Tasks' }).getByRole('listitem', { name: PROMPT, exact: true });
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().filter({ hasText: /Done/ }).waitFor({ timeout: 30_000 });
    await rows.first().click();
    await page.getByRole('tab', { name: /Compare/ }).click();
    const table = page.getByRole('table', { name: 'Attempts' });
    await table.waitFor();
    const compared = await callApi(ui, 'tasks.compare', { id: attempts[0]?.id ?? '' });
    const best = compared.find((row) => row.linesAdded === 2);
    expect(best).toBeDefined();
    const bestRow = table.getByRole('row', { name: `Attempt ${best?.attempt}` });
    expect(await bestRow.textContent()).toContain('+2');
    await screenshotBothThemes(page, 'compare-attempts');

    await page.keyboard.press(String(best?.attempt));
    await expect.poll(() => bestRow.getAttribute('class')).toContain('is-current');
    await bestRow.getByRole('button', { name: 'Use this attempt' }).click();
    await bestRow.getByText('Chosen').waitFor();
    await screenshotBothThemes(page, 'compare-chosen');

    const after = await callApi(ui, 'tasks.compare', { id: best?.id ?? '' });
    expect(after.filter((row) => row.chosen).map((row) => row.id)).toEqual([best?.id]);
    const list = await callApi(ui, 'tasks.list', { view: 'archived' });
    expect(list.tasks.map((t) => t.id).sort()).toEqual(compared.filter((row) => row.id !== best?.id).map((row) => row.id).sort());
  }, 240_000);

  it('diffs two attempts\' results file by file, each side in Monaco, and lets go of the editor with the tab', async () => {
    const compared = await callApi(ui, 'tasks.compare', { id: attempts[0]?.id ?? '' });
    const untouched = compared.find((row) => row.linesAdded === 0);
    const docstring = compared.find((row) => row.linesAdded === 2);
    if (!untouched || !docstring) throw new Error('expected an attempt that changed nothing and one that added a docstring');
    const section = page.getByRole('region', { name: 'Compare two attempts' });
    await section.getByLabel('Left').selectOption(untouched.id);
    await section.getByLabel('Right').selectOption(docstring.id);

    const files = section.getByRole('listbox', { name: 'Changed files' }).getByRole('option');
    await expect.poll(() => files.allInnerTexts()).toEqual([expect.stringMatching(/calc\.py\s*\+2 −1/)]);
    const fromEngine = await callApi(ui, 'tasks.compareDiff', { a: untouched.id, b: docstring.id });
    expect(fromEngine.files.map((f) => [f.path, f.added, f.removed])).toEqual([['calc.py', 2, 1]]);

    const original = section.locator('.tv-monaco .editor.original .view-lines');
    const modified = section.locator('.tv-monaco .editor.modified .view-lines');
    await modified.getByText('Adds a and b.').waitFor({ timeout: 20_000 });
    expect((await original.innerText()).replace(/\u00a0/g, ' ')).toContain('return a - b');
    expect((await original.innerText()).replace(/\u00a0/g, ' ')).not.toContain('Adds a and b.');
    expect((await modified.innerText()).replace(/\u00a0/g, ' ')).toContain('return a + b');
    await section.locator('.editor.modified .line-insert').first().waitFor();
    await expect(section.locator('.compare-diff-sides > span').allInnerTexts()).resolves.toEqual([untouched, docstring].map((row) => `Attempt ${row.attempt} · ${AGENT_LABELS[row.agent]}`));
    // The note of the choice made before goes by itself; it would sit over the diff in the pictures.
    await page.locator('.toast').first().waitFor({ state: 'detached' });
    await screenshotBothThemes(page, 'compare-diff');

    await section.getByRole('button', { name: 'Swap the sides' }).click();
    await modified.getByText('return a - b').waitFor({ timeout: 20_000 });
    expect((await original.innerText()).replace(/\u00a0/g, ' ')).toContain('Adds a and b.');
    await section.getByLabel('Right').selectOption(docstring.id);
    await section.getByRole('heading', { name: 'The same attempt is on both sides' }).waitFor();
    await expect(page.locator('.monaco-editor').count()).resolves.toBe(0);
    await section.getByLabel('Right').selectOption(untouched.id);
    await modified.getByText('return a - b').waitFor({ timeout: 20_000 });
    await page.getByRole('tab', { name: /Conversation/ }).click();
    await expect(page.locator('.monaco-editor').count()).resolves.toBe(0);
  });
});
