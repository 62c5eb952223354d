import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../electron/security.js';
import type { MethodName, MethodParams, MethodResult } from '../../shared/protocol.js';
import { FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { repoRoot } from '../support/cli.js';
import { requireSandboxImage } from '../support/docker.js';
import { buildElectronApp, electronMissing, launchCodebay, type CodebayWindow } from '../support/electronApp.js';
import { TempDirs } from '../support/gitFixture.js';
import { startModelServer, type ModelServer } from '../support/modelServer/index.js';
import { answer, byPrompt, firstRequestFor, patch } from '../support/scripts.js';

const FIX = 'Fix the add function in calc.py';
const PROBE = 'codebay://app/preload-probe';
// Globals a page would have if Node or Electron leaked into it.
const NODE_NAMES = ['require', 'process', 'module', 'exports', 'Buffer', 'global', '__dirname', '__filename', 'electron', 'ipcRenderer'];

interface RawBridge {
  call(method: string, params: unknown): Promise<unknown>;
}

/** Calls the engine the way the UI does in Electron: through window.codebay and IPC. */
async function callOverIpc<M extends MethodName>(page: Page, method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
  const result = await page.evaluate(([name, args]) => (globalThis as unknown as { codebay: RawBridge }).codebay.call(name, args), [method, params] as const);
  return result as MethodResult<M>;
}

function globalNames(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.getOwnPropertyNames(globalThis));
}

/** The same 404 page of the app's scheme in two windows, one with the app's preload and one without. */
async function openProbes(codebay: CodebayWindow): Promise<{ withPreload: Page; without: Page }> {
  const preloaded = secureWebPreferences(path.join(repoRoot, 'dist', 'electron', 'preload.cjs'));
  const plain = Object.fromEntries(Object.entries(preloaded).filter(([key]) => key !== 'preload'));
  const probes = [
    { url: `${PROBE}-with`, webPreferences: preloaded },
    { url: `${PROBE}-without`, webPreferences: plain },
  ];
  await codebay.app.evaluate(async ({ BrowserWindow }, windows) => {
    await Promise.all(windows.map(({ url, webPreferences }) => new BrowserWindow({ show: false, webPreferences }).loadURL(url)));
  }, probes);
  const find = async (url: string): Promise<Page> => {
    await expect.poll(() => codebay.app.windows().some((page) => page.url() === url), { timeout: 10_000 }).toBe(true);
    const page = codebay.app.windows().find((candidate) => candidate.url() === url);
    if (!page) throw new Error(`no window on ${url}`);
    await page.waitForLoadState();
    return page;
  };
  return { withPreload: await find(`${PROBE}-with`), without: await find(`${PROBE}-without`) };
}

// Where the Electron binary is missing (its download fails on some machines) the
// tests are skipped at collection, so every reporter counts them, and the file,
// as skipped; the reason is in the name, for the log.
const missing = electronMissing();

describe.skipIf(missing !== undefined)(`the Electron app: window, preload, and a task run from the composer${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const dirs = new TempDirs();
  let model: ModelServer | undefined;
  let codebay: CodebayWindow | undefined;
  let repo = '';

  const app = (): CodebayWindow => {
    if (!codebay) throw new Error('the app did not start (see beforeAll)');
    return codebay;
  };

  beforeAll(async () => {
    await requireSandboxImage();
    await buildElectronApp();
    model = await startModelServer(
      byPrompt((prompt) => (prompt === FIX ? [patch(FIX_CALC_PATCH), answer('Fixed add: it subtracted 【F:calc.py†L2】')] : undefined)),
    );
    repo = makeCalcRepo(dirs.make());
    codebay = await launchCodebay({
      CODEBAY_HOME: dirs.make('codebay-electron-'),
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_API_KEY: 'sk-electron-test-0123456789',
      CODEBAY_MODEL: 'scripted',
      CODEBAY_WIRE: 'chat',
    });
  });

  afterAll(async () => {
    await codebay?.close();
    await model?.close();
    dirs.cleanup();
  });

  it('opens a visible window on the task list, talking to the engine over IPC', async () => {
    const { app: electron, page } = app();
    await page.getByText('No tasks yet').waitFor();
    await expect.poll(() => electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((window) => window.isVisible())), { timeout: 10_000 }).toEqual([true]);
    await expect(callOverIpc(page, 'app.info', {})).resolves.toMatchObject({ transport: 'ipc' });
  });

  it('exposes window.codebay to the page and nothing else', async () => {
    const codebayWindow = app();
    const { page } = codebayWindow;
    await expect(page.evaluate(() => Object.entries((globalThis as unknown as { codebay: object }).codebay).map(([key, value]) => `${key}:${typeof value}`).sort())).resolves.toEqual([
      'call:function',
      'pickFolder:function',
      'subscribe:function',
    ]);
    await expect(page.evaluate((names) => names.filter((name) => name in globalThis), NODE_NAMES)).resolves.toEqual([]);

    const { withPreload, without } = await openProbes(codebayWindow);
    try {
      const added = new Set(await globalNames(withPreload));
      for (const name of await globalNames(without)) added.delete(name);
      expect([...added]).toEqual(['codebay']);
      await expect(without.evaluate(() => 'codebay' in globalThis)).resolves.toBe(false);
    } finally {
      await codebayWindow.app.evaluate(({ BrowserWindow }, prefix) => {
        for (const window of BrowserWindow.getAllWindows()) if (window.webContents.getURL().startsWith(prefix)) window.destroy();
      }, PROBE);
    }
  });

  it('creates an environment with the folder picker and runs a Code task from the composer to Done', { timeout: 240_000 }, async () => {
    const { app: electron, page } = app();
    // The OS folder dialog cannot be clicked; it answers with the fixture repo as a user would pick it.
    await electron.evaluate(({ dialog }, folder) => {
      dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [folder] });
    }, repo);

    await page.getByRole('button', { name: 'Create environment' }).click();
    const form = page.getByRole('form', { name: 'New environment' });
    await form.getByRole('textbox', { name: 'Name' }).fill('calc');
    await form.getByRole('button', { name: 'Choose folder…' }).click();
    await expect.poll(() => form.getByRole('textbox', { name: 'Repository path' }).inputValue(), { timeout: 10_000 }).toBe(repo);
    await form.getByRole('button', { name: 'Create environment' }).click();
    await page.getByRole('form', { name: 'Edit calc' }).waitFor();

    await page.getByRole('button', { name: 'Tasks' }).click();
    const prompt = page.getByRole('textbox', { name: 'Task prompt' });
    await expect.poll(() => prompt.isEnabled(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByRole('combobox', { name: 'Base branch' }).textContent(), { timeout: 10_000 }).toMatch(/main/);
    await prompt.fill(FIX);
    await prompt.press('Control+Enter');

    const row = page.getByRole('list', { name: 'Tasks' }).getByRole('listitem', { name: FIX, exact: true });
    await row.waitFor();
    await expect.poll(() => row.textContent(), { timeout: 180_000, interval: 250 }).toMatch(/Done/);
    const shown = (await row.textContent()) ?? '';
    expect(shown).toContain('+1');
    expect(shown).toContain('−1');

    const [task] = (await callOverIpc(page, 'tasks.list', { search: FIX })).tasks;
    expect(task?.status, task?.error ?? '').toBe('succeeded');
    expect(firstRequestFor(model?.requests ?? [], FIX)).toBeDefined();
  });
});
