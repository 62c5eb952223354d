import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIX_CALC_PATCH } from '../support/calcRepo.js';
import { requireSandboxImage } from '../support/docker.js';
import { answer, byPrompt, patch, userTexts } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { screenshotBothThemes } from './uiHelpers.js';
import { ProtocolClient } from './uiTaskClient.js';

const FIX = 'Fix the failing test in calc';
const ON_NEW = 'Also accept floats here';
const ON_NEW_EDITED = 'Accept floats and Decimals here';
const ON_OLD = 'Why did this subtract?';

describe('review comments on the diff (real engine, Docker, git; scripted model)', () => {
  let ui: UiHarness;
  let client: ProtocolClient;
  let page: Page;
  let taskId: string;

  const panel = () => page.getByRole('complementary', { name: 'Review comments' });
  const comments = () => panel().getByRole('article');
  const side = (name: 'original' | 'modified') => page.locator(`.tv-monaco .editor.${name}`);
  const lineNumber = (name: 'original' | 'modified', line: number) => side(name).locator('.line-numbers', { hasText: new RegExp(`^${line}$`) });

  /** Opens the task from the home list and its Diff tab, as after a reload. */
  const openDiff = async (): Promise<void> => {
    await page.getByRole('listitem', { name: FIX }).first().click();
    await page.getByRole('tab', { name: 'Diff' }).click();
    await side('modified').locator('.view-lines').getByText('a + b').waitFor({ timeout: 20_000 });
  };

  beforeAll(async () => {
    await requireSandboxImage();
    ui = await startUi(
      byPrompt((prompt) => {
        if (prompt.includes(FIX)) return [patch(FIX_CALC_PATCH), answer('Fixed `add`.')];
        if (prompt.includes(ON_NEW_EDITED)) return [answer('Both comments are handled.')];
        return undefined;
      }),
    );
    client = await ProtocolClient.connect(ui.serve);
    const environmentId = (await client.call('environments.create', { name: 'calc', repoPath: ui.repo })).id;
    const [created] = await client.call('tasks.create', { prompt: FIX, title: FIX, mode: 'code', environmentId });
    taskId = created?.id ?? '';
    const task = await client.waitForStatus(taskId, ['succeeded', 'failed']);
    expect(task.status, task.error ?? '').toBe('succeeded');
    page = await ui.open();
  });

  afterAll(async () => {
    client?.close();
    await ui?.close();
  });

  it('adds a comment from the "+" beside a line of the new side', async () => {
    await openDiff();
    await lineNumber('modified', 2).hover();
    await side('modified').locator('.tv-comment-add').click();
    const composer = panel().getByRole('region', { name: 'New comment' });
    await expect(composer.innerText()).resolves.toMatch(/calc\.py\s+L2 · new · all turns/);
    await expect(composer.locator('pre').innerText()).resolves.toBe('    return a + b');
    await composer.getByRole('textbox', { name: 'New comment' }).fill(ON_NEW);
    await screenshotBothThemes(page, 'diff-comment-composer');
    await composer.getByRole('button', { name: 'Add comment' }).click();
    await comments().filter({ hasText: ON_NEW }).waitFor();
    await side('modified').locator('.tv-comment-glyph').waitFor();
  });

  it('adds a comment on selected lines of the old side with the keyboard', async () => {
    await lineNumber('original', 1).click();
    await lineNumber('original', 2).click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+Alt+KeyM');
    const composer = panel().getByRole('region', { name: 'New comment' });
    await expect(composer.innerText()).resolves.toMatch(/calc\.py\s+L1–2 · old · all turns/);
    await expect(composer.locator('pre').innerText()).resolves.toBe('def add(a, b):\n    return a - b');
    await composer.getByRole('textbox', { name: 'New comment' }).fill(ON_OLD);
    await page.keyboard.press('Control+Enter');
    await comments().filter({ hasText: ON_OLD }).waitFor();
    await side('original').locator('.tv-comment-glyph').waitFor();
    await expect(panel().getByRole('button', { name: 'Send 2 comments' }).isEnabled()).resolves.toBe(true);
    // The pointer off the editor, so no "+" is left in the pictures.
    await page.mouse.move(0, 0);
    await screenshotBothThemes(page, 'diff-comments');
  });

  it('keeps the comments across a reload, and edits one', async () => {
    await page.reload();
    // The task's place is in the URL, so a reload opens it again; reopen it from the list all the same.
    await page.goto(ui.serve.url);
    await openDiff();
    await expect(comments().count()).resolves.toBe(2);
    await side('original').locator('.tv-comment-glyph').waitFor();
    await side('modified').locator('.tv-comment-glyph').waitFor();
    // By its place: the text it is found by changes.
    const onNew = panel().getByRole('article', { name: 'Comment on calc.py L2 · new · all turns' });
    await onNew.getByRole('button', { name: 'Edit' }).click();
    await onNew.getByRole('textbox', { name: 'Edit the comment' }).fill(ON_NEW_EDITED);
    await onNew.getByRole('button', { name: 'Save' }).click();
    await comments().filter({ hasText: ON_NEW_EDITED }).waitFor();
    // Its place in the panel points at its lines, on its side.
    await comments().filter({ hasText: ON_OLD }).getByRole('button', { name: /calc\.py/ }).click();
    await side('original').locator('.tv-cited-line').first().waitFor();
    await expect(side('original').locator('.tv-cited-line').count()).resolves.toBe(2);
    const stored = await client.call('comments.list', { taskId });
    expect(stored.map((c) => [c.side, c.startLine, c.endLine, c.body])).toEqual([
      ['modified', 2, 2, ON_NEW_EDITED],
      ['original', 1, 2, ON_OLD],
    ]);
  });

  it('sends both as one follow-up that quotes file, lines and code, then shows them sent in turn 2', async () => {
    await panel().getByRole('button', { name: 'Send 2 comments' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Conversation' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('article', { name: 'Turn 2' }).getByText('Both comments are handled.').waitFor({ timeout: 60_000 });
    const task = await client.waitForStatus(taskId, ['succeeded', 'failed']);
    expect(task.status, task.error ?? '').toBe('succeeded');
    await screenshotBothThemes(page, 'diff-comments-follow-up');

    const sent = ui.model.requests.map((r) => userTexts(r).at(-1) ?? '').find((text) => text.includes(ON_NEW_EDITED));
    expect(sent, 'the model never got the review').toBeDefined();
    expect(sent).toContain('calc.py, line 2 (new code, after your changes)\n\n```\n    return a + b\n```\n\n' + ON_NEW_EDITED);
    expect(sent).toContain('calc.py, lines 1-2 (old code, before your changes)\n\n```\ndef add(a, b):\n    return a - b\n```\n\n' + ON_OLD);
    expect(sent).not.toContain(ON_NEW + '\n');

    await page.getByRole('tab', { name: 'Diff' }).click();
    await expect.poll(() => comments().filter({ hasText: 'Sent in turn 2' }).count()).toBe(2);
    await expect(panel().getByRole('button', { name: 'Send comments' }).isDisabled()).resolves.toBe(true);
    await side('modified').locator('.tv-comment-glyph.is-quiet').waitFor();
    await page.mouse.move(0, 0);
    await screenshotBothThemes(page, 'diff-comments-sent');
  });
});
