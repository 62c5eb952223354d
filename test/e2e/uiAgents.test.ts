import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIX_CALC_PATCH } from '../support/calcRepo.js';
import { byMarker } from '../support/cliScripts.js';
import type { Step } from '../support/modelServer/index.js';
import { startUi, type UiHarness } from '../support/uiHarness.js';
import { callApi, openApp, screenshotBothThemes } from './uiHelpers.js';

const PROMPT = 'codex: fix the add function';
const TASK_TIMEOUT = 180_000;
const command = (cmd: string): Step => ({ toolCalls: [{ name: 'exec_command', arguments: { cmd } }] });

describe('an agent CLI picked in the composer (Chromium, real engine, Codex CLI, scripted model)', () => {
  let ui: UiHarness;
  let page: Page;
  const row = (): Locator => page.getByRole('list', { name: 'Tasks' }).getByRole('listitem', { name: PROMPT, exact: true });

  beforeAll(async () => {
    ui = await startUi(
      byMarker({
        [PROMPT]: [
          command('python3 -m unittest -q'),
          command(`apply_patch <<'EOF'\n${FIX_CALC_PATCH}\nEOF`),
          command('python3 -m unittest -q'),
          { text: 'Fixed `add`: it subtracted. The test passes now.' },
        ],
      }),
    );
    await callApi(ui, 'environments.create', { name: 'calc', repoPath: ui.repo });
    page = await openApp(ui);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('runs a Code task with Codex CLI, showing the agent in the list and the header, and its commands in the conversation', async () => {
    await page.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'Codex CLI' });
    await page.getByRole('textbox', { name: 'Task prompt' }).fill(PROMPT);
    await page.getByRole('button', { name: 'Code', exact: true }).click();
    await row().waitFor();
    expect(await row().textContent()).toContain('Codex CLI');
    await row().filter({ hasText: /Done/ }).waitFor({ timeout: TASK_TIMEOUT });
    expect(await row().textContent()).toContain('+1');
    await screenshotBothThemes(page, 'task-list-agent-cli');

    await row().click();
    await page.getByRole('heading', { name: PROMPT }).waitFor();
    const header = page.locator('header').filter({ hasText: PROMPT });
    expect(await header.textContent()).toContain('Codex CLI');
    await page.getByText('python3 -m unittest -q').first().waitFor();
    await page.getByText('Fixed add: it subtracted.', { exact: false }).first().waitFor();
    await screenshotBothThemes(page, 'task-agent-cli-conversation');

    const [task] = await callApi(ui, 'tasks.list', {}).then((listed) => listed.tasks.filter((t) => t.title === PROMPT));
    expect(task).toMatchObject({ agent: 'codex', status: 'succeeded', linesAdded: 1, linesRemoved: 1 });
    expect(task?.inputTokens).toBeGreaterThan(0);
  });
});
