import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir } from '../support/browser.js';
import { DOCSTRING_PATCH, FIX_CALC_PATCH } from '../support/calcRepo.js';
import { runCli } from '../support/cli.js';
import { requireSandboxImage } from '../support/docker.js';
import { sh } from '../support/gitFixture.js';
import type { Step } from '../support/modelServer/index.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { recordDiffFrames } from './diffFrames.js';
import { settleInScheme } from './pageWait.js';
import { ProtocolClient } from './uiTaskClient.js';

const FIX = 'Fix the failing test in calc';
const FOLLOW_UP = 'Also give add a docstring';
const LONG = 'Wait for a very long time';
const BEST = 'Explain what calc.py does';

const TEST_COMMAND = ['python3', '-m', 'unittest', '-q'];
const FIX_ANSWER = [
  'Fixed `add`: it subtracted instead of adding 【F:calc.py†L2】.',
  '',
  '- **Cause**: a `-` where a `+` belongs',
  `- **Check**: the test passes now 【call_rerun†L1-L4】`,
].join('\n');
const PLAN = [
  { step: 'Run the tests', status: 'in_progress' },
  { step: 'Fix add', status: 'pending' },
  { step: 'Run the tests again', status: 'pending' },
];

function shellWithId(command: string[], id: string, delayMs = 0): Step {
  return { toolCalls: [{ name: 'shell', arguments: { command }, id }], delayMs };
}

describe('the task view (real engine, Docker, git; scripted model)', () => {
  let ui: UiHarness;
  let client: ProtocolClient;
  let page: Page;
  let environmentId: string;
  let fixId: string;
  let bestAnswers = 0;

  // Colours ease between themes; screenshots wait for them to settle.
  const shot = async (name: string): Promise<void> => {
    await settleInScheme(page, 'light');
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
    await settleInScheme(page, 'dark');
    await page.screenshot({ path: path.join(screenshotDir, `${name}-dark.png`) });
    await page.emulateMedia({ colorScheme: 'light' });
  };

  const createTask = async (prompt: string, extra: { mode?: 'code' | 'ask'; attempts?: number } = {}): Promise<string[]> => {
    const created = await client.call('tasks.create', { prompt, title: prompt, mode: extra.mode ?? 'code', environmentId, attempts: extra.attempts ?? 1 });
    return created.map((t) => t.id);
  };

  /** Opens a task from the home list, as a user would. */
  const openFromList = async (title: string): Promise<void> => {
    await page.goto(ui.serve.url);
    await page.getByRole('listitem', { name: title }).first().click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  };

  const tab = (name: 'Conversation' | 'Logs' | 'Diff') => page.getByRole('tab', { name });
  const logText = () => page.getByRole('log', { name: 'Task log' }).innerText();

  beforeAll(async () => {
    await requireSandboxImage();
    ui = await startUi(
      byPrompt((prompt) => {
        if (prompt.includes(FIX)) {
          return [
            { toolCalls: [{ name: 'update_plan', arguments: { plan: PLAN } }], delayMs: 3000 },
            shellWithId(TEST_COMMAND, 'call_first'),
            { ...patch(FIX_CALC_PATCH), delayMs: 2500 },
            shellWithId(TEST_COMMAND, 'call_rerun'),
            answer(FIX_ANSWER),
          ];
        }
        if (prompt.includes(FOLLOW_UP)) return [patch(DOCSTRING_PATCH), answer('Added a docstring to `add` 【F:calc.py†L2】.')];
        if (prompt.includes(LONG)) return [shell(['sleep', '600']), answer('Finished waiting.')];
        if (prompt.includes(BEST)) return [answer(`Answer number ${++bestAnswers}: calc.py defines \`add\`.`)];
        return undefined;
      }),
    );
    client = await ProtocolClient.connect(ui.serve);
    environmentId = (await client.call('environments.create', { name: 'calc', repoPath: ui.repo })).id;
    page = await ui.browser.newPage({ viewport: { width: 1360, height: 860 } });
  });

  afterAll(async () => {
    client?.close();
    await ui?.close();
  });

  it('streams the live log while the task runs', async () => {
    [fixId = ''] = await createTask(FIX);
    await openFromList(FIX);
    await tab('Logs').click();
    await expect(tab('Logs').getAttribute('aria-selected')).resolves.toBe('true');
    // Opened before the first command ran (the model waits 3 s first), so what follows arrives live.
    expect(await logText()).not.toContain('FAILED');
    await page.getByRole('log', { name: 'Task log' }).getByText('FAILED (failures=1)').waitFor({ timeout: 30_000 });
    expect(await logText()).toContain('$ python3 -m unittest -q');
    // While the model thinks about its next step (2.5 s), the conversation shows the work so far.
    await tab('Conversation').click();
    await page.getByRole('button', { name: 'Cancel', exact: true }).waitFor();
    await page.getByText('Working…').waitFor();
    await shot('task-running');
    await tab('Logs').click();
    await page.getByRole('log', { name: 'Task log' }).getByText('■ Turn 1 completed').waitFor({ timeout: 30_000 });
    const task = await client.waitForStatus(fixId, ['succeeded', 'failed']);
    expect(task.status, task.error ?? '').toBe('succeeded');
    await page.getByRole('status').filter({ hasText: 'Done' }).first().waitFor();
    await shot('task-logs');
  });

  it('searches the log and steps through the matches', async () => {
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('unittest');
    await page.getByText(/^\d+ match(es)?$/).waitFor();
    await page.getByRole('searchbox', { name: 'Search the log' }).press('Enter');
    await page.getByText(/^1 of \d+$/).waitFor();
    await expect(page.locator('.tv-log-current mark').first().innerText()).resolves.toBe('unittest');
    await page.getByRole('button', { name: 'Next match' }).click();
    await page.getByText(/^2 of \d+$/).waitFor();
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('');
  });

  it('shows the answer as markdown with citation links, and each command on one line', async () => {
    await tab('Conversation').click();
    const turn = page.getByRole('article', { name: 'Turn 1' });
    await turn.getByText(FIX).first().waitFor();
    await turn.locator('strong', { hasText: 'Cause' }).waitFor();
    await expect(turn.locator('code', { hasText: 'add' }).first().isVisible()).resolves.toBe(true);
    await expect(turn.getByRole('link', { name: 'calc.py:2' }).isVisible()).resolves.toBe(true);
    await expect(turn.getByRole('link', { name: /python3 -m unittest -q · L1–4/ }).isVisible()).resolves.toBe(true);
    const commands = turn.getByRole('button', { name: /\$ python3 -m unittest -q/ });
    await expect(commands.count()).resolves.toBe(2);
    await expect(commands.nth(0).innerText()).resolves.toMatch(/exit 1/);
    await expect(commands.nth(1).innerText()).resolves.toMatch(/exit 0/);
    await commands.nth(0).click();
    await expect(commands.nth(0).getAttribute('aria-expanded')).resolves.toBe('true');
    await turn.getByText('FAILED (failures=1)').waitFor();
    await turn.getByText(/Edited/).waitFor();
    const plan = turn.getByRole('region', { name: 'Plan' });
    await expect(plan.innerText()).resolves.toMatch(/0 of 3 done/);
    const steps = await plan.getByRole('listitem').allInnerTexts();
    // The turn is over: a step the agent left in progress was not finished.
    expect(steps.map((t) => t.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/Run the tests.*not finished/),
      expect.stringMatching(/Fix add.*to do/),
      expect.stringMatching(/Run the tests again.*to do/),
    ]);
    await shot('task-conversation');
  });

  it('opens a command citation at those lines of the log', async () => {
    await page.getByRole('article', { name: 'Turn 1' }).getByRole('link', { name: /python3 -m unittest -q · L1–4/ }).click();
    await expect(tab('Logs').getAttribute('aria-selected')).resolves.toBe('true');
    const target = page.locator('.tv-log-target');
    await target.first().waitFor();
    const lines = await target.allInnerTexts();
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.join('\n')).toMatch(/Ran 1 test/);
  });

  it('opens a file citation in the diff with both sides in Monaco', async () => {
    await tab('Conversation').click();
    await page.getByRole('article', { name: 'Turn 1' }).getByRole('link', { name: 'calc.py:2' }).click();
    await expect(tab('Diff').getAttribute('aria-selected')).resolves.toBe('true');
    const original = page.locator('.tv-monaco .editor.original .view-lines');
    const modified = page.locator('.tv-monaco .editor.modified .view-lines');
    await modified.getByText('a + b').waitFor({ timeout: 20_000 });
    expect((await original.innerText()).replace(/\u00a0/g, ' ')).toContain('return a - b');
    expect((await modified.innerText()).replace(/\u00a0/g, ' ')).toContain('return a + b');
    await expect(page.getByRole('option', { name: /calc\.py/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await page.locator('.tv-cited-line').first().waitFor();
    await shot('task-diff');
    await page.getByRole('button', { name: 'Inline', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Inline', exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByRole('button', { name: 'Side by side' }).click();
  });

  it('keeps no Monaco editor or model once the Diff tab is left', async () => {
    await tab('Conversation').click();
    await expect(page.locator('.monaco-editor').count()).resolves.toBe(0);
  });

  it('exports the same patch as `codebay export`', async () => {
    await page.getByRole('button', { name: 'Export patch' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Save patch file' }).click()]);
    const saved = readFileSync(await download.path(), 'utf8');
    const cli = await runCli(['export', fixId], { CODEBAY_HOME: ui.home });
    expect(cli.code, cli.stderr).toBe(0);
    expect(saved).toBe(cli.stdout);
    expect(saved).toContain('+    return a + b');
    expect(download.suggestedFilename()).toMatch(/\.patch$/);

    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.serve.origin });
    await page.getByRole('button', { name: 'Export patch' }).click();
    await page.getByRole('menuitem', { name: 'Copy patch to clipboard' }).click();
    await page.getByText('Copied the patch to the clipboard.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(cli.stdout);
  });

  it('creates a branch in the repository, and shows the engine error when it exists', async () => {
    await page.getByRole('button', { name: 'Create branch' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create branch' });
    const name = dialog.getByRole('textbox', { name: 'Branch name' });
    await expect(name.inputValue()).resolves.toBe('codebay/fix-the-failing-test-in-calc');
    await name.fill('fix/calc');
    await shot('task-create-branch');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.getByText(/Created branch fix\/calc/).waitFor();
    expect(sh(ui.repo, ['show', 'fix/calc:calc.py'])).toContain('return a + b');
    await dialog.getByRole('button', { name: 'Done' }).click();

    sh(ui.repo, ['branch', 'taken']);
    await page.getByRole('button', { name: 'Create branch' }).click();
    await dialog.getByRole('textbox', { name: 'Branch name' }).fill('taken');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: /already exists/ }).waitFor();
    await shot('task-create-branch-exists');
    await dialog.getByRole('checkbox', { name: 'Replace the existing branch' }).check();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.getByText(/Created branch taken/).waitFor();
    expect(sh(ui.repo, ['show', 'taken:calc.py'])).toContain('return a + b');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('pushes the branch to a remote picked from the repository, then opens the pull request page', async () => {
    const backup = ui.dirs.make();
    execFileSync('git', ['init', '--quiet', '--bare', backup]);
    sh(ui.repo, ['remote', 'add', 'backup', backup]);
    // Only its URL is read (for the pull request page); nothing is sent there.
    sh(ui.repo, ['remote', 'add', 'origin', 'https://github.com/acme/calc.git']);
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Push' });
    const remote = dialog.getByRole('combobox', { name: 'Remote' });
    await expect(remote.inputValue()).resolves.toBe('origin');
    await remote.selectOption('backup');
    await dialog.getByRole('textbox', { name: 'Branch' }).fill('fix/pushed');
    await dialog.getByRole('button', { name: 'Publish branch' }).click();
    await dialog.getByText(/Pushed fix\/pushed to backup/).waitFor({ timeout: 30_000 });
    expect(execFileSync('git', ['--git-dir', backup, 'show', 'refs/heads/fix/pushed:calc.py']).toString()).toContain('return a + b');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // A bare repository on disk has no pull request page, so none is offered.
    await page.getByText(/pushed turn 1 to backup fix\/pushed/i).waitFor();
    await page.getByRole('button', { name: 'More task actions' }).click();
    expect(await page.getByRole('menuitem', { name: 'Open pull request…' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    // The same remote on a forge (only its URL is read): the page is offered for the pushed branch.
    sh(ui.repo, ['remote', 'set-url', 'backup', 'https://github.com/acme/calc.git']);
    await page.getByRole('button', { name: 'Back to tasks' }).click();
    await openFromList(FIX);
    // The page would open in the OS browser; here the call is caught so nothing leaves the machine.
    await page.evaluate('window.open = (url) => { window.openedUrl = url; return null; }');
    await page.getByRole('button', { name: 'More task actions' }).click();
    await page.getByRole('menuitem', { name: 'Open pull request…' }).click();
    // The title and description are the reader's to edit, and go to the forge's page filled in.
    const pr = page.getByRole('dialog', { name: 'Open pull request' });
    await pr.getByRole('textbox', { name: 'Title' }).fill('Fix add in calc');
    await pr.getByRole('textbox', { name: 'Description' }).fill('It subtracted.');
    await pr.getByRole('button', { name: "Open the forge's page" }).click();
    await expect.poll(() => page.evaluate('window.openedUrl ?? null')).toMatch(/^https:\/\/github\.com\/acme\/calc\/compare\/.*fix\/pushed.*&title=Fix\+add\+in\+calc&body=It\+subtracted\./);
  });

  it('sends a follow-up and shows the second turn', async () => {
    await page.getByRole('textbox', { name: 'Follow-up prompt' }).fill(FOLLOW_UP);
    await page.getByRole('button', { name: 'Follow up' }).click();
    const turn2 = page.getByRole('article', { name: 'Turn 2' });
    await turn2.getByText(FOLLOW_UP).waitFor();
    await turn2.getByText('Added a docstring to').waitFor({ timeout: 30_000 });
    const task = await client.waitForStatus(fixId, ['succeeded', 'failed']);
    expect(task.status, task.error ?? '').toBe('succeeded');
    await tab('Diff').click();
    const original = page.locator('.tv-monaco .editor.original .view-lines');
    const modified = page.locator('.tv-monaco .editor.modified .view-lines');
    // All turns first: the base beside the docstring, the pair a switch to turn 2 starts from.
    await modified.getByText('Return the sum').waitFor();
    await original.getByText('a - b').waitFor();
    const turnPicker = page.getByRole('combobox', { name: 'Changes of' });
    await turnPicker.locator('option', { hasText: 'Turn 2' }).waitFor({ state: 'attached' });

    const recording = await recordDiffFrames(page);
    await turnPicker.selectOption('2');
    await page.locator('.tv-monaco[data-turn="2"][aria-busy="false"]').waitFor();
    await original.getByText('a + b').waitFor();
    await modified.getByText('Return the sum').waitFor();
    const frames = await recording.stop();

    // Turn 2's text beside the base is the all-turns pair under a picker saying "Turn 2".
    const mismatched = frames.filter((f) => f.picker === '2' && f.original.includes('return a - b') && f.modified.includes('Return the sum'));
    expect(mismatched.slice(0, 3), `${mismatched.length} of ${frames.length} records showed the all-turns pair as turn 2`).toEqual([]);
    // The records span the switch: from the all-turns pair to turn 2's, as drawn last.
    const [first] = frames;
    const last = frames.at(-1);
    expect(first).toMatchObject({ picker: 'all', turn: 'all', busy: false });
    expect(first?.original).toContain('return a - b');
    expect(last).toMatchObject({ at: 'frame', picker: '2', turn: '2', busy: false });
    expect(last?.original).toContain('return a + b');
    expect(last?.original).not.toContain('Return the sum');
    expect(last?.modified).toContain('Return the sum');
    await shot('task-diff-turn-2');
    await tab('Conversation').click();
  });

  it('cancels a long-running task', async () => {
    const [id = ''] = await createTask(LONG);
    await openFromList(LONG);
    await page.getByRole('button', { name: /\$ sleep 600/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Cancelled' }).first().waitFor({ timeout: 30_000 });
    await expect(client.waitForStatus(id, ['cancelled'], 5000)).resolves.toMatchObject({ status: 'cancelled' });
    await expect(page.getByRole('button', { name: 'Retry' }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'More task actions' }).click();
    await page.getByRole('menuitem', { name: 'Archive' }).click();
    // Archiving leaves the task for the list.
    await page.getByRole('status').filter({ hasText: `Archived “${LONG}”` }).waitFor();
    await page.getByRole('textbox', { name: 'Task prompt' }).waitFor();
    await expect(client.call('tasks.get', { id })).resolves.toMatchObject({ task: { archived: true } });
  });

  it('switches between the attempts of a best-of-2 task', async () => {
    const ids = await createTask(BEST, { mode: 'ask', attempts: 2 });
    for (const id of ids) await client.waitForStatus(id, ['succeeded']);
    await openFromList(BEST);
    const attempts = page.getByRole('group', { name: 'Attempts' });
    const first = attempts.getByRole('button', { name: /Attempt 1/ });
    const second = attempts.getByRole('button', { name: /Attempt 2/ });
    await first.waitFor();
    const shownFirst = await page.getByText(/Answer number \d/).innerText();
    const pressedBefore = (await first.getAttribute('aria-pressed')) === 'true' ? first : second;
    const other = pressedBefore === first ? second : first;
    await other.click();
    await expect(other.getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByText(/Answer number \d/).filter({ hasNotText: shownFirst }).waitFor();
    const shownSecond = await page.getByText(/Answer number \d/).innerText();
    expect(shownSecond).not.toBe(shownFirst);
    await shot('task-attempts');
    await page.setViewportSize({ width: 1024, height: 720 });
    await openFromList(FIX);
    await shot('task-narrow');
  });
});
