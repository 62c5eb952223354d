import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { repoRoot } from './cli.js';
import { displayForElectron } from './display.js';

/**
 * Why the Electron binary cannot run here, or undefined when it can. npm installs
 * Electron's package even where its binary download fails; requiring it then throws.
 */
export function electronMissing(): string | undefined {
  try {
    const binary = createRequire(import.meta.url)('electron') as string;
    return existsSync(binary) ? undefined : `the Electron binary is not installed: ${binary} does not exist`;
  } catch (error) {
    return `the Electron binary is not installed: ${(error as Error).message.split('\n')[0]}`;
  }
}

async function script<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(path.join(repoRoot, 'scripts', name)).href)) as T;
}

/** What `npm start` builds before opening the window: the main bundle, the UI, better-sqlite3 for Electron's ABI. */
export async function buildElectronApp(): Promise<void> {
  const { ensureMainBuilt } = await script<{ ensureMainBuilt(): Promise<void> }>('build-main.mjs');
  const { ensureUiBuilt } = await script<{ ensureUiBuilt(): void }>('build-ui.mjs');
  const { ensureElectronSqlite } = await script<{ ensureElectronSqlite(): Promise<string> }>('electron-native.mjs');
  await ensureMainBuilt();
  ensureUiBuilt();
  await ensureElectronSqlite();
}

export interface CodebayWindow {
  app: ElectronApplication;
  /** The app's own window, on codebay://app/. */
  page: Page;
  /** Closes the window as a user would, so the app shuts its engine down, then lets go of the display. */
  close(): Promise<void>;
}

function running(app: ElectronApplication): boolean {
  const child = app.process();
  return child.exitCode === null && child.signalCode === null;
}

/**
 * The real app (package.json's main, dist/electron/main.js) in Electron, with
 * `env` on top of this process's environment. Playwright finds the binary
 * itself, as it must to load its hook that holds the app's ready event until
 * it has attached.
 */
export async function launchCodebay(env: Record<string, string>): Promise<CodebayWindow> {
  const display = await displayForElectron();
  // A Chromium profile of its own, so the test shares no storage with a developer's own Codebay.
  const profile = mkdtempSync(path.join(os.tmpdir(), 'codebay-electron-profile-'));
  const release = async (): Promise<void> => {
    await display.close();
    rmSync(profile, { recursive: true, force: true });
  };
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  // Set by some tools for their own child processes; Electron would start as plain Node.
  delete inherited.ELECTRON_RUN_AS_NODE;
  let app: ElectronApplication | undefined;
  let stderr = '';
  try {
    app = await _electron.launch({
      args: [repoRoot, `--user-data-dir=${profile}`, ...display.args],
      cwd: repoRoot,
      env: { ...inherited, ...display.env, ...env },
      timeout: 60_000,
    });
    app.process().stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const page = await app.firstWindow();
    await page.waitForURL('codebay://app/');
    const launched = app;
    return {
      app: launched,
      page,
      close: async () => {
        try {
          if (running(launched)) {
            // main.ts closes the engine (and its sandboxes) on window-all-closed, then quits.
            const exited = launched.waitForEvent('close', { timeout: 60_000 });
            // Closed on the next tick, so this call returns before the app begins to quit.
            await launched.evaluate(({ BrowserWindow }) => {
              setTimeout(() => {
                for (const window of BrowserWindow.getAllWindows()) window.close();
              }, 0);
            });
            await exited;
          }
        } finally {
          if (running(launched)) await launched.close();
          await release();
        }
      },
    };
  } catch (error) {
    if (app && running(app)) await app.close();
    await release();
    throw new Error(`Codebay's window did not open on ${display.label}: ${(error as Error).message}\nElectron's stderr:\n${stderr}`, { cause: error });
  }
}
