import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCSTRING_PATCH, FIX_CALC_PATCH, SUBTRACT_PATCH } from '../support/calcRepo.js';
import { requireSandboxImage } from '../support/docker.js';
import { sh } from '../support/gitFixture.js';
import { answer, byPrompt, patch } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { openApp, screenshotBothThemes } from './uiHelpers.js';
import { ProtocolClient } from './uiTaskClient.js';

const ONE_TURN = 'Repair calc in one go';
const FIX = 'Fix the failing test in calc';
const DOCSTRING = 'Also give add a docstring';
const SUBTRACT = 'Add a sub function too';
const CHANGELOG = 'Start a changelog';
const BRANCH = 'codebay/calc-squashed';
const EDITED = 'Calc: fix add and document it\n\nReviewed in Codebay.';

const CHANGELOG_PATCH = ['*** Begin Patch', '*** Add File: CHANGELOG.md', '+- add adds; sub subtracts', '*** End Patch'].join('\n');

describe('the commit message of Create branch and Push, in Chromium at 1024×700 (real engine, Docker, git; scripted model)', () => {
  let ui: UiHarness;
  let client: ProtocolClient;
  let page: Page;
  let remote: string;
  let base = '';
  const ids: Record<string, string> = {};

  const actions = () => page.getByRole('toolbar', { name: 'Task actions' });
  const messageBox = (dialog: Locator) => dialog.getByRole('textbox', { name: 'Commit message' });
  const openTask = async (title: string): Promise<void> => {
    await page.goto(ui.serve.url);
    await page.getByRole('listitem', { name: title }).first().click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  };
  const runTask = async (prompt: string): Promise<string> => {
    const environmentId = (await client.call('environments.list', {})).find((e) => e.repoPath === ui.repo)?.id ?? (await client.call('environments.create', { name: 'calc', repoPath: ui.repo })).id;
    const [id = ''] = (await client.call('tasks.create', { prompt, title: prompt, mode: 'code', environmentId })).map((t) => t.id);
    const task = await client.waitForStatus(id, ['succeeded', 'failed']);
    expect(task.status, task.error ?? '').toBe('succeeded');
    return id;
  };
  const followUp = async (id: string, prompt: string): Promise<void> => {
    await client.call('tasks.followUp', { id, prompt });
    const task = await client.waitForStatus(id, ['succeeded', 'failed']);
    expect(task.status, task.error ?? '').toBe('succeeded');
  };
  const messageOf = (commit: string): string => {
    const raw = sh(ui.repo, ['cat-file', 'commit', commit]);
    return raw.slice(raw.indexOf('\n\n') + 2);
  };

  beforeAll(async () => {
    await requireSandboxImage();
    ui = await startUi(
      byPrompt((prompt) => {
        if (prompt.includes(FIX) || prompt.includes(ONE_TURN)) return [patch(FIX_CALC_PATCH), answer('Fixed `add`.')];
        if (prompt.includes(DOCSTRING)) return [patch(DOCSTRING_PATCH), answer('Added a docstring to `add`.')];
        if (prompt.includes(SUBTRACT)) return [patch(SUBTRACT_PATCH), answer('Added `sub`.')];
        if (prompt.includes(CHANGELOG)) return [patch(CHANGELOG_PATCH), answer('Started a changelog.')];
        return undefined;
      }),
    );
    client = await ProtocolClient.connect(ui.serve);
    remote = path.join(ui.dirs.make(), 'backup.git');
    sh(ui.repo, ['init', '--quiet', '--bare', remote]);
    sh(ui.repo, ['remote', 'add', 'backup', remote]);
    base = sh(ui.repo, ['rev-parse', 'HEAD']);
    ids[ONE_TURN] = await runTask(ONE_TURN);
    ids[FIX] = await runTask(FIX);
    await followUp(ids[FIX] ?? '', DOCSTRING);

    page = await openApp(ui);
    await page.setViewportSize({ width: 1024, height: 700 });
  });

  afterAll(async () => {
    client?.close();
    await ui?.close();
  });

  it('prefills one turn\'s own message and says its commit is used as is, until the message is edited', async () => {
    await openTask(ONE_TURN);
    const suggested = (await client.call('tasks.shipState', { id: ids[ONE_TURN] ?? '' })).commitMessage;
    await actions().getByRole('button', { name: 'Create branch' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create branch' });
    await expect(messageBox(dialog).inputValue()).resolves.toBe(suggested);
    await dialog.getByText("The turn's commit is used as is.").waitFor();
    await expect(dialog.getByRole('checkbox', { name: /Keep the/ }).count()).resolves.toBe(0);
    await screenshotBothThemes(page, 'ship-message-one-turn');

    await messageBox(dialog).fill('Fix add in calc');
    await dialog.getByText('One commit with this message replaces the turn commit; later follow-ups add commits on top of it.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('prefills a message naming both turns, refuses one without a subject beside the field, and ships one commit with the edited message', async () => {
    await openTask(FIX);
    await actions().getByRole('button', { name: 'Create branch' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create branch' });
    await expect(messageBox(dialog).inputValue()).resolves.toBe(`${FIX}\n\n- Fixed \`add\`\n- Added a docstring to \`add\`\n\nCodebay task ${ids[FIX]}, turns 1–2`);
    await dialog.getByText('One commit with this message replaces the 2 turn commits; later follow-ups add commits on top of it.').waitFor();
    await dialog.getByRole('checkbox', { name: 'Keep the 2 turn commits as they are' }).waitFor();
    await screenshotBothThemes(page, 'ship-message-two-turns');

    await messageBox(dialog).fill('\n  \n');
    await dialog.getByRole('alert').filter({ hasText: 'The commit message has no subject line. Write a first line that says what the change does' }).waitFor();
    await expect(messageBox(dialog).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(dialog.getByRole('button', { name: 'Create', exact: true }).isDisabled()).resolves.toBe(true);
    await screenshotBothThemes(page, 'ship-message-error');

    await messageBox(dialog).fill(EDITED);
    await dialog.getByRole('textbox', { name: 'Branch name' }).fill(BRANCH);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.getByText(`Created branch ${BRANCH} at`).waitFor();
    const head = sh(ui.repo, ['rev-parse', BRANCH]);
    expect(messageOf(head)).toBe(EDITED);
    expect(sh(ui.repo, ['rev-parse', `${head}^@`])).toBe(base);
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('after a follow-up, Push offers the new turn as one commit on the shipped one, and pushes it as a fast-forward', async () => {
    const shipped = sh(ui.repo, ['rev-parse', BRANCH]);
    await followUp(ids[FIX] ?? '', SUBTRACT);
    await openTask(FIX);
    await actions().getByRole('button', { name: 'Push', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Push' });
    await expect(messageBox(dialog).inputValue()).resolves.toBe(`${FIX}\n\n- Added \`sub\`\n\nCodebay task ${ids[FIX]}, turn 3`);
    await dialog.getByText('One commit with this message replaces the turn commit; later follow-ups add commits on top of it.').waitFor();
    // Turn 3's own commit builds on turn 2's, not on the shipped commit, so it cannot go out as it is.
    await expect(dialog.getByRole('checkbox', { name: /Keep the/ }).count()).resolves.toBe(0);
    await screenshotBothThemes(page, 'ship-message-push-stacked');

    await messageBox(dialog).fill('Calc: add sub');
    await dialog.getByRole('button', { name: 'Publish branch' }).click();
    await dialog.getByText(`Pushed ${BRANCH} to backup.`).waitFor({ timeout: 30_000 });
    const head = sh(remote, ['rev-parse', `refs/heads/${BRANCH}`]);
    expect(sh(remote, ['rev-parse', `${head}^@`])).toBe(shipped);
    expect(sh(ui.repo, ['rev-parse', BRANCH])).toBe(head);
    expect(messageOf(head)).toBe('Calc: add sub');
  });

  it('after another follow-up, Update branch and Push again stack the new turn on the shipped commit in one click each', async () => {
    const shipped = sh(ui.repo, ['rev-parse', BRANCH]);
    await followUp(ids[FIX] ?? '', CHANGELOG);
    const suggested = (await client.call('tasks.shipState', { id: ids[FIX] ?? '' })).commitMessage;
    await openTask(FIX);
    await actions().getByRole('button', { name: 'Update branch' }).click();
    await page.getByRole('status').filter({ hasText: new RegExp(`Updated ${BRANCH} from ${shipped.slice(0, 7)} to [0-9a-f]{7} \\(fast-forward\\): turn 3 → turn 4, 1 new commit`) }).waitFor();
    const head = sh(ui.repo, ['rev-parse', BRANCH]);
    expect(sh(ui.repo, ['rev-parse', `${head}^@`])).toBe(shipped);
    expect(messageOf(head)).toBe(suggested);

    await actions().getByRole('button', { name: 'Push again' }).click();
    await page.getByRole('status').filter({ hasText: `Updated ${BRANCH} on backup from ${shipped.slice(0, 7)} to ${head.slice(0, 7)} (fast-forward)` }).waitFor();
    expect(sh(remote, ['rev-parse', `refs/heads/${BRANCH}`])).toBe(head);
    // The shipped commit counts as turn 4, the newest: nothing is left to update.
    await page.getByText(`branch ${BRANCH} · pushed turn 4 to backup ${BRANCH}`).waitFor();
    await expect(actions().getByRole('button', { name: /Update branch|Push again/ }).count()).resolves.toBe(0);
  });
});
