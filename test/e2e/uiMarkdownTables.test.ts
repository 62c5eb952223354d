import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSandboxImage } from '../support/docker.js';
import { answer, byPrompt } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes } from './uiHelpers.js';

const ASK = 'Compare the functions in calc.py';
// GitHub-flavoured markdown as models write it: a table, a task list and a strikethrough.
const TABLE_ANSWER = [
  'Here is how the two functions compare 【F:calc.py†L1-L2】:',
  '',
  '| Function | Returns | Tested | Lines | Notes |',
  '| :-- | :-- | :-: | --: | --- |',
  '| `add(a, b)` | `a - b` | yes | 2 | ~~correct~~ subtracts instead of adding |',
  '| `sub(a, b)` | nothing yet | no | 14 | a longer note that shows how a cell wraps when its text runs past the width of its column |',
  '',
  '- [x] read calc.py',
  '- [ ] fix `add`',
].join('\n');

describe('agent answers render GitHub-flavoured markdown', () => {
  let ui: UiHarness;
  let page: Page;

  beforeAll(async () => {
    await requireSandboxImage();
    ui = await startUi(byPrompt((prompt) => (prompt.includes(ASK) ? [answer(TABLE_ANSWER)] : undefined)));
    const environment = await callApi(ui, 'environments.create', { name: 'calc', repoPath: ui.repo });
    const [task] = await callApi(ui, 'tasks.create', { prompt: ASK, title: ASK, mode: 'ask', environmentId: environment.id });
    page = await openApp(ui);
    await page.getByRole('listitem', { name: ASK }).getByText('Done').waitFor({ timeout: 120_000 });
    expect(task).toBeDefined();
    await page.getByRole('listitem', { name: ASK }).click();
    await page.getByRole('heading', { level: 1, name: ASK }).waitFor();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('shows a table as a table, with its header, cells and column alignment', async () => {
    const table = page.getByRole('table');
    await table.waitFor();
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Function', 'Returns', 'Tested', 'Lines', 'Notes']);
    await expect(table.getByRole('row').count()).resolves.toBe(3);
    await table.getByRole('cell', { name: 'nothing yet' }).waitFor();
    expect(await page.getByText('| Function |').count()).toBe(0);
    const aligns = await page.evaluate("[...document.querySelectorAll('.tv-markdown thead th')].map((cell) => getComputedStyle(cell).textAlign)");
    expect(aligns).toEqual(['left', 'left', 'center', 'right', 'left']);
  });

  it('shows task lists as checkboxes and strikethrough as struck text', async () => {
    const boxes = page.getByRole('checkbox');
    await expect(boxes.count()).resolves.toBe(2);
    await expect(boxes.nth(0).isChecked()).resolves.toBe(true);
    await expect(boxes.nth(1).isChecked()).resolves.toBe(false);
    await expect(boxes.nth(0).isDisabled()).resolves.toBe(true);
    await expect(page.locator('del').textContent()).resolves.toBe('correct');
  });

  it('keeps citations working inside a GFM answer', async () => {
    await page.getByRole('link', { name: 'calc.py:1–2' }).waitFor();
    await page.getByRole('table').scrollIntoViewIfNeeded();
    await screenshotBothThemes(page, 'markdown-table');
  });
});
