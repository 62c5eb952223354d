import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCSTRING_PATCH, FIX_CALC_PATCH, SUBTRACT_PATCH } from '../support/calcRepo.js';
import { requireSandboxImage } from '../support/docker.js';
import { commitAll, sh, write } from '../support/gitFixture.js';
import { answer, byPrompt, patch } from '../support/scripts.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { openApp, screenshotBothThemes } from './uiHelpers.js';
import { ProtocolClient } from './uiTaskClient.js';

const FIX = 'Fix the failing test in calc';
const DOCSTRING = 'Also give add a docstring';
const SUBTRACT = 'Add a sub function too';
const BRANCH = 'fix/calc';


describe('updating the branch and the push after a follow-up, in Chromium (real engine, Docker, git; scripted model)', () => {
  let ui: UiHarness;
  let client: ProtocolClient;
  let page: Page;
  let remote: string;
  let taskId = '';
  /** The result commit of each turn, by turn number. */
  const turns: string[] = [];

  const remoteHead = (): string => sh(remote, ['rev-parse', `refs/heads/${BRANCH}`]);
  const actions = () => page.getByRole('toolbar', { name: 'Task actions' });
  const updateBranch = () => actions().getByRole('button', { name: 'Update branch' });
  const pushAgain = () => actions().getByRole('button', { name: 'Push again' });
  const followUp = async (prompt: string): Promise<void> => {
    await client.call('tasks.followUp', { id: taskId, prompt });
    const task = await client.waitForStatus(taskId, ['succeeded', 'failed']);
    expect(task.status, task.error ?? '').toBe('succeeded');
    const latest = (await client.call('tasks.shipState', { id: taskId })).latest;
    if (latest) turns[latest.turn] = latest.commit;
  };

  beforeAll(async () => {
    await requireSandboxImage();
    ui = await startUi(
      byPrompt((prompt) => {
        if (prompt.includes(FIX)) return [patch(FIX_CALC_PATCH), answer('Fixed `add`.')];
        if (prompt.includes(DOCSTRING)) return [patch(DOCSTRING_PATCH), answer('Added a docstring to `add`.')];
        if (prompt.includes(SUBTRACT)) return [patch(SUBTRACT_PATCH), answer('Added `sub`.')];
        return undefined;
      }),
    );
    client = await ProtocolClient.connect(ui.serve);
    remote = path.join(ui.dirs.make(), 'backup.git');
    sh(ui.repo, ['init', '--quiet', '--bare', remote]);
    sh(ui.repo, ['remote', 'add', 'backup', remote]);

    const environmentId = (await client.call('environments.create', { name: 'calc', repoPath: ui.repo })).id;
    [taskId = ''] = (await client.call('tasks.create', { prompt: FIX, title: FIX, mode: 'code', environmentId })).map((t) => t.id);
    const task = await client.waitForStatus(taskId, ['succeeded', 'failed']);
    expect(task.status, task.error ?? '').toBe('succeeded');
    await client.call('tasks.createBranch', { id: taskId, name: BRANCH });
    await client.call('tasks.push', { id: taskId, remote: 'backup' });
    turns[1] = remoteHead();
    await followUp(DOCSTRING);

    page = await openApp(ui);
    await page.getByRole('listitem', { name: FIX }).first().click();
    await page.getByRole('heading', { level: 1, name: FIX }).waitFor();
  });

  afterAll(async () => {
    client?.close();
    await ui?.close();
  });

  it('shows that turn 2 is on neither the branch nor the remote, and offers both updates', async () => {
    await page.getByText(`branch ${BRANCH} at turn 1 · turn 2 not on it`).waitFor();
    await page.getByText(`pushed turn 1 to backup ${BRANCH} · turn 2 not pushed`).waitFor();
    await expect(updateBranch().getAttribute('title')).resolves.toBe(`Fast-forward ${BRANCH} in ${ui.repo} from turn 1 to turn 2`);
    await expect(pushAgain().getAttribute('title')).resolves.toBe(`Push turn 2 to backup as ${BRANCH}, a fast-forward from turn 1`);
    await screenshotBothThemes(page, 'task-ship-behind');
  });

  it('updates the branch in one click, as a fast-forward', async () => {
    await updateBranch().click();
    await page.getByRole('status').filter({ hasText: `Updated ${BRANCH} from ${turns[1]?.slice(0, 7)} to ${turns[2]?.slice(0, 7)} (fast-forward): turn 1 → turn 2, 1 new commit` }).waitFor();
    expect(sh(ui.repo, ['rev-parse', BRANCH])).toBe(turns[2]);
    await updateBranch().waitFor({ state: 'detached' });
    await page.getByText(`branch ${BRANCH} · pushed turn 1 to backup ${BRANCH} · turn 2 not pushed`).waitFor();
    await screenshotBothThemes(page, 'task-ship-branch-updated');
  });

  it('pushes again in one click to the same remote branch, as a fast-forward', async () => {
    await pushAgain().click();
    await page.getByRole('status').filter({ hasText: `Updated ${BRANCH} on backup from ${turns[1]?.slice(0, 7)} to ${turns[2]?.slice(0, 7)} (fast-forward)` }).waitFor();
    expect(remoteHead()).toBe(turns[2]);
    expect(sh(remote, ['rev-list', `${turns[1]}..${turns[2]}`])).toBe(turns[2]);
    await pushAgain().waitFor({ state: 'detached' });
    await page.getByText(`pushed turn 2 to backup ${BRANCH}`).waitFor();
  });

  it('explains a push the remote refuses, and replaces the remote branch only after its own explicit choice', async () => {
    const other = ui.dirs.make();
    sh(other, ['clone', '--quiet', '--branch', BRANCH, remote, other]);
    write(other, 'NOTES.md', 'reviewed\n');
    const foreign = commitAll(other, 'review notes');
    sh(other, ['push', '--quiet', 'origin', BRANCH]);
    await followUp(SUBTRACT);

    await pushAgain().click();
    const dialog = page.getByRole('dialog', { name: 'Push' });
    const refusal = dialog.getByRole('alert');
    await refusal.filter({ hasText: 'backup has commits on fix/calc that the pushed branch does not (git: [rejected] (fetch first))' }).waitFor({ timeout: 30_000 });
    await expect(refusal.innerText()).resolves.toMatch(/Fetch and merge them \(git pull\).*force/s);
    expect(remoteHead()).toBe(foreign);
    await expect(dialog.getByRole('combobox', { name: 'Remote' }).inputValue()).resolves.toBe('backup');
    await expect(dialog.getByRole('textbox', { name: 'Branch' }).inputValue()).resolves.toBe(BRANCH);
    await expect(dialog.getByRole('button', { name: 'Replace remote branch' }).count()).resolves.toBe(0);
    await screenshotBothThemes(page, 'task-ship-push-refused');

    await dialog.getByRole('checkbox', { name: /Replace the remote branch/ }).check();
    await dialog.getByRole('button', { name: 'Replace remote branch' }).click();
    await dialog.getByText(`Replaced ${BRANCH} on backup: it was at ${foreign.slice(0, 7)}, now ${turns[3]?.slice(0, 7)} (turn 3)`).waitFor({ timeout: 30_000 });
    expect(remoteHead()).toBe(turns[3]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByText(`branch ${BRANCH} · pushed turn 3 to backup ${BRANCH}`).waitFor();
  });

  it('explains a branch the user committed on, and replaces it only after its own explicit choice', async () => {
    const mine = sh(ui.repo, ['commit-tree', `${turns[3]}^{tree}`, '-p', turns[3] ?? '', '-m', 'my own tweak']);
    sh(ui.repo, ['update-ref', `refs/heads/${BRANCH}`, mine]);
    await page.goto(ui.serve.url);
    await page.getByRole('listitem', { name: FIX }).first().click();
    await page.getByText(`branch ${BRANCH} · has commits not from this task`).waitFor();

    await updateBranch().click();
    const dialog = page.getByRole('dialog', { name: 'Create branch' });
    await dialog.getByRole('alert').filter({ hasText: `${mine.slice(0, 7)}, which has 1 commit not in the task's result` }).waitFor();
    expect(sh(ui.repo, ['rev-parse', BRANCH])).toBe(mine);
    await screenshotBothThemes(page, 'task-ship-branch-refused');

    await dialog.getByRole('checkbox', { name: 'Replace the existing branch' }).check();
    // The branch holds none of the task's commits, so the dialog offers all three turns as one commit; these keep them.
    await dialog.getByRole('checkbox', { name: 'Keep the 3 turn commits as they are' }).check();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.getByText(`Created branch ${BRANCH} at ${turns[3]?.slice(0, 10)} (replacing the one at ${mine.slice(0, 10)})`).waitFor();
    expect(sh(ui.repo, ['rev-parse', BRANCH])).toBe(turns[3]);
  });
});
