import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingView } from '../../shared/findings.js';
import { FIX_CALC_PATCH } from '../support/calcRepo.js';
import { requireSandboxImage } from '../support/docker.js';
import { commitAll, sh, write } from '../support/gitFixture.js';
import type { RecordedRequest, Step, ToolCallSpec } from '../support/modelServer/index.js';
import { answer, patch, resultsSinceLastPrompt, userTexts } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { screenshotBothThemes } from './uiHelpers.js';
import { ProtocolClient } from './uiTaskClient.js';

const FIX = 'Fix the failing test in calc';
/** The feature branch's calc.py: two new functions that fail on zero or empty input. */
const FEATURE_CALC = 'def add(a, b):\n    return a - b\n\n\ndef divide(a, b):\n    return a / b\n\n\ndef mean(values):\n    return sum(values) / len(values)\n';

const DIVIDE = 'divide crashes on zero';
const ADD = 'add still subtracts';
const MEAN = 'mean of nothing divides by zero';
const NIT = 'add has no test for negatives';

function finding(title: string, priority: number, start: number, end: number, confidence: number): ToolCallSpec {
  const body = `\`${title.split(' ')[0] ?? ''}\` fails here: it raises \`ZeroDivisionError\` or returns the wrong value.\n\n- Guard the input\n- Add a test for it`;
  return { name: 'report_finding', arguments: { title, body, priority, file: 'calc.py', line_start: start, line_end: end, confidence } };
}

/** The reviewer reports three findings in one step, out of priority order, then sums up; fixes only answer. */
function script(request: RecordedRequest): Step {
  const prompt = userTexts(request).at(-1) ?? '';
  const first = resultsSinceLastPrompt(request) === 0;
  if (prompt.startsWith('Review branch feature')) {
    return first ? { toolCalls: [finding(MEAN, 2, 9, 10, 0.7), finding(DIVIDE, 0, 5, 6, 0.95), finding(ADD, 1, 2, 2, 0.8)] } : answer('Not ready to merge: `divide` and `mean` fail on zero or empty input.');
  }
  if (prompt.startsWith('Review the result of task')) return first ? { toolCalls: [finding(NIT, 3, 2, 2, 0.6)] } : answer('Fine apart from a nit.');
  if (prompt.startsWith('A code review found this problem')) return answer('Noted; the fix is in.');
  if (prompt === FIX) return first ? patch(FIX_CALC_PATCH) : answer('Fixed `add`.');
  throw new Error(`no plan for ${JSON.stringify(prompt.slice(0, 80))}`);
}

/** The line of the diff's new side each of these markers sits on, read from where Monaco drew it. */
interface InlineMarks {
  tinted: Array<number | null>;
  glyphs: Array<number | null>;
  cards: Array<{ id: string; status: string; text: string; under: number | null }>;
}

// In-page code is passed as text: test files are compiled without the DOM library.
const READ_INLINE_MARKS = `(() => {
  const side = document.querySelector('.tv-monaco .editor.modified');
  const numbers = [...side.querySelectorAll('.margin-view-overlays .line-numbers')].map((el) => ({ line: Number(el.textContent), box: el.getBoundingClientRect() }));
  const lineAt = (top) => numbers.find((n) => Math.abs(n.box.top - top) <= 1)?.line ?? null;
  const lineAbove = (top) => numbers.find((n) => Math.abs(n.box.bottom - top) <= 1)?.line ?? null;
  const linesOf = (selector) => [...side.querySelectorAll(selector)].map((el) => lineAt(el.getBoundingClientRect().top)).sort((a, b) => a - b);
  return {
    tinted: linesOf('.tv-finding-line'),
    glyphs: linesOf('.tv-finding-glyph'),
    cards: [...side.querySelectorAll('.tv-finding-card')].map((el) => ({
      id: el.dataset.findingId,
      status: el.dataset.status,
      text: el.textContent,
      under: lineAbove(el.closest('.tv-finding-zone').getBoundingClientRect().top),
    })).sort((a, b) => a.under - b.under),
  };
})()`;

describe('review mode in the UI: findings listed and inline, Fix this and Dismiss (real engine, Docker, git; scripted model)', () => {
  let ui: UiHarness;
  let client: ProtocolClient;
  let page: Page;
  let environmentId: string;
  let reviewId: string;
  let found: FindingView[];

  const findingsList = () => page.getByRole('list', { name: 'Findings' });
  const card = (title: string) => findingsList().getByRole('article', { name: new RegExp(title) });
  const tab = (name: string) => page.getByRole('tab', { name });
  const inlineMarks = async (): Promise<InlineMarks> => (await page.evaluate(READ_INLINE_MARKS)) as InlineMarks;
  const byTitle = (title: string): FindingView => {
    const hit = found.find((f) => f.title === title);
    if (!hit) throw new Error(`no finding "${title}" among ${found.map((f) => f.title).join(', ')}`);
    return hit;
  };
  const requestFor = (start: string, containing: string): string | undefined =>
    ui.model.requests.map((r) => userTexts(r).at(-1) ?? '').find((text) => text.startsWith(start) && text.includes(containing));

  beforeAll(async () => {
    await requireSandboxImage();
    ui = await startUi(script);
    // A feature branch with a change against main; the checkout stays on main.
    sh(ui.repo, ['checkout', '--quiet', '-b', 'feature']);
    write(ui.repo, 'calc.py', FEATURE_CALC);
    commitAll(ui.repo, 'divide and mean');
    sh(ui.repo, ['checkout', '--quiet', 'main']);
    client = await ProtocolClient.connect(ui.serve);
    environmentId = (await client.call('environments.create', { name: 'calc', repoPath: ui.repo })).id;
    const context = await ui.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    await page.goto(ui.serve.url);
  });

  afterAll(async () => {
    client?.close();
    await ui?.close();
  });

  it('starts a review of a branch from the composer and lists its three findings by priority', async () => {
    await page.getByRole('button', { name: 'Review…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Review a change' });
    await expect(dialog.getByRole('combobox', { name: 'Branch to review' }).inputValue()).resolves.toBe('feature');
    await expect(dialog.getByRole('combobox', { name: 'Base branch to compare with' }).inputValue()).resolves.toBe('main');
    await screenshotBothThemes(page, 'review-dialog');
    await dialog.getByRole('button', { name: 'Start review' }).click();

    const heading = page.getByRole('heading', { level: 1, name: 'Review of branch feature against main' });
    await heading.waitFor();
    const listed = await client.call('tasks.list', { view: 'all' });
    const review = listed.tasks.find((t) => t.mode === 'review');
    expect(review?.reviewTarget).toEqual({ kind: 'branch', branch: 'feature', base: 'main' });
    reviewId = review?.id ?? '';
    const done = await client.waitForStatus(reviewId, ['succeeded', 'failed'], 120_000);
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(done.findingsOpen).toBe(3);

    // Each finding shows in the conversation as the agent reports it.
    await page.locator('.tv-finding-reported').nth(2).waitFor();
    await screenshotBothThemes(page, 'review-conversation');
    await tab('Findings').click();
    await expect.poll(() => findingsList().getByRole('article').count()).toBe(3);
    const labels = await findingsList().getByRole('article').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
    expect(labels).toEqual([`P0 finding: ${DIVIDE}`, `P1 finding: ${ADD}`, `P2 finding: ${MEAN}`]);
    await expect(card(DIVIDE).innerText()).resolves.toMatch(/calc\.py:5–6\s+Confidence 95%/);
    await expect(card(DIVIDE).locator('code').first().innerText()).resolves.toBe('divide');
    await expect(tab('Findings').innerText()).resolves.toMatch(/Findings\s*3/);
    found = await client.call('findings.list', { taskId: reviewId });
    await screenshotBothThemes(page, 'review-findings-open');
  });

  it('marks each finding inline on the new side of the diff: tinted lines, a glyph, and a card under its last line', async () => {
    await card(DIVIDE).getByRole('button', { name: 'calc.py:5–6' }).click();
    await expect.poll(() => tab('Diff').getAttribute('aria-selected')).toBe('true');
    const modified = page.locator('.tv-monaco .editor.modified');
    await modified.locator('.view-lines').getByText('def mean(values):').waitFor({ timeout: 20_000 });
    await expect.poll(() => modified.locator('.tv-finding-card').count()).toBe(3);
    // The pointer off the editor, so no comment "+" or hover is drawn.
    await page.mouse.move(0, 0);
    const marks = await inlineMarks();
    expect(marks.tinted).toEqual([2, 5, 6, 9, 10]);
    expect(marks.glyphs).toEqual([2, 5, 9]);
    expect(marks.cards).toEqual([
      { id: byTitle(ADD).id, status: 'open', text: `P1${ADD}Fix thisDismiss`, under: 2 },
      { id: byTitle(DIVIDE).id, status: 'open', text: `P0${DIVIDE}Fix thisDismiss`, under: 6 },
      { id: byTitle(MEAN).id, status: 'open', text: `P2${MEAN}Fix thisDismiss`, under: 10 },
    ]);
    // Each priority has its own tint.
    const tints = await modified.locator('.tv-finding-card').evaluateAll((cards) => cards.map((c) => c.className));
    expect(tints.map((c) => /finding-p(\d)/.exec(c)?.[1]).sort()).toEqual(['0', '1', '2']);
    await expect(modified.locator('.tv-finding-glyph.finding-p0').count()).resolves.toBe(1);
  });

  it('dismisses a finding from its card in the diff: it is quieted there and in the list, and the open count drops', async () => {
    const modified = page.locator('.tv-monaco .editor.modified');
    // Monaco hides its view zones from assistive technology (the Findings tab is the accessible list), so by CSS here.
    const onDiff = modified.locator(`.tv-finding-card[data-finding-id="${byTitle(MEAN).id}"]`);
    await onDiff.locator('button', { hasText: 'Dismiss' }).click();
    await expect.poll(() => onDiff.getAttribute('data-status')).toBe('dismissed');
    await expect(onDiff.locator('button').allInnerTexts()).resolves.toEqual(['Reopen']);
    await expect(modified.locator('.tv-finding-line.finding-quiet').count()).resolves.toBe(2);
    await expect.poll(() => tab('Findings').innerText()).toMatch(/Findings\s*2/);
    await page.mouse.move(0, 0);
    await screenshotBothThemes(page, 'review-inline');

    const stored = await client.call('findings.list', { taskId: reviewId });
    expect(stored.find((f) => f.id === byTitle(MEAN).id)?.status).toBe('dismissed');
    await tab('Findings').click();
    await expect(card(MEAN).getAttribute('class')).resolves.toContain('is-dismissed');
    await expect(card(MEAN).getByRole('button', { name: 'Reopen' }).isVisible()).resolves.toBe(true);
    // Dismissed ones go after the open ones.
    const labels = await findingsList().getByRole('article').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
    expect(labels.at(-1)).toBe(`P2 finding: ${MEAN}`);
  });

  it('"Fix this" starts a Code task on the branch whose prompt quotes the finding, and shows its conversation', async () => {
    await card(DIVIDE).getByRole('button', { name: 'Fix this' }).click();
    const toastText = page.getByText(/^Started Code task “.+” to fix it$/);
    await toastText.waitFor();
    const fixed = (await client.call('findings.list', { taskId: reviewId })).find((f) => f.id === byTitle(DIVIDE).id);
    expect(fixed?.status).toBe('fixing');
    const fixTask = await client.call('tasks.get', { id: fixed?.fixTaskId ?? '' });
    expect(fixTask.task).toMatchObject({ mode: 'code', baseRef: 'feature' });
    await page.getByRole('heading', { level: 1, name: fixTask.task.title }).waitFor();
    await expect.poll(() => tab('Conversation').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => requestFor('A code review found this problem', DIVIDE), { timeout: 60_000 }).toBeDefined();
    const prompt = requestFor('A code review found this problem', DIVIDE) ?? '';
    expect(prompt).toContain(`${DIVIDE}\ncalc.py, lines 5-6`);
    expect(prompt).toContain('def divide(a, b):\n    return a / b');
    const fix = await client.waitForStatus(fixTask.task.id, ['succeeded', 'failed'], 120_000);
    expect(fix.status, fix.error ?? '').toBe('succeeded');

    // Back on the review: one open, one being fixed (with the way to its task), one dismissed.
    await page.getByRole('button', { name: 'Back to tasks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review of branch feature against main' }).waitFor();
    await expect.poll(() => tab('Findings').getAttribute('aria-selected')).toBe('true');
    await expect(card(DIVIDE).innerText()).resolves.toContain('Being fixed');
    await expect(card(DIVIDE).getByRole('button', { name: 'Open the fix' }).isVisible()).resolves.toBe(true);
    await expect(tab('Findings').innerText()).resolves.toMatch(/Findings\s*1/);
    await page.mouse.move(0, 0);
    // The toast would cover the follow-up box in the pictures.
    await toastText.waitFor({ state: 'detached' });
    await screenshotBothThemes(page, 'review-findings');

    await page.getByRole('button', { name: 'Back to tasks' }).click();
    const row = page.getByRole('listitem', { name: 'Review of branch feature against main' });
    await expect(row.locator('.mode-badge').textContent()).resolves.toBe('Review');
    await expect(row.innerText()).resolves.toMatch(/\b1 finding\b/);
    await screenshotBothThemes(page, 'review-task-list');
  });

  it('reviews a finished Code task from its header, and "Fix this" queues a follow-up turn on that task', async () => {
    const [code] = await client.call('tasks.create', { prompt: FIX, title: FIX, mode: 'code', environmentId });
    const codeId = code?.id ?? '';
    const done = await client.waitForStatus(codeId, ['succeeded', 'failed'], 120_000);
    expect(done.status, done.error ?? '').toBe('succeeded');
    await page.getByRole('listitem', { name: FIX, exact: true }).click();
    await page.getByRole('toolbar', { name: 'Task actions' }).getByRole('button', { name: 'Review' }).click();

    const title = `Review of the result of task “${FIX}”`;
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const review = (await client.call('tasks.list', { view: 'all' })).tasks.find((t) => t.title === title);
    expect(review?.reviewTarget).toEqual({ kind: 'task', taskId: codeId });
    const reviewed = await client.waitForStatus(review?.id ?? '', ['succeeded', 'failed'], 120_000);
    expect(reviewed.status, reviewed.error ?? '').toBe('succeeded');
    await tab('Findings').click();
    await card(NIT).waitFor();
    await card(NIT).getByRole('button', { name: 'Fix this' }).click();

    await page.getByText(`Fix queued as turn 2 of “${FIX}”`).waitFor();
    await page.getByRole('heading', { level: 1, name: FIX }).waitFor();
    await expect.poll(() => tab('Conversation').getAttribute('aria-selected')).toBe('true');
    await page.getByRole('article', { name: 'Turn 2' }).waitFor({ timeout: 60_000 });
    const detail = await client.call('tasks.get', { id: codeId });
    expect(detail.turns.map((t) => t.turn)).toEqual([1, 2]);
    expect(detail.turns[1]?.prompt).toContain(`${NIT}\ncalc.py, line 2`);
    await expect.poll(() => requestFor('A code review found this problem', NIT), { timeout: 60_000 }).toBeDefined();
  });
});
