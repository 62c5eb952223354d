import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { makeCalcRepo } from './calcRepo.js';
import { TempDirs } from './gitFixture.js';
import { startModelServer, type ModelServer, type Script } from './modelServer/index.js';
import { startServe, type ServeProcess } from './serveProcess.js';

export interface UiHarness {
  serve: ServeProcess;
  model: ModelServer;
  browser: Browser;
  /** A git repository with a failing Python test (see calcRepo.ts). */
  repo: string;
  home: string;
  dirs: TempDirs;
  /** A new page on the app, loaded and showing its first screen. */
  open(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The whole app as a user gets it: `codebay serve` (real engine, Docker, git,
 * SQLite) in headless Chromium, with the scripted model as the provider.
 */
export async function startUi(script: Script, options: { wire?: 'chat' | 'responses'; env?: NodeJS.ProcessEnv; models?: string[] } = {}): Promise<UiHarness> {
  const dirs = new TempDirs();
  const model = await startModelServer(script, options.models ? { models: options.models } : {});
  const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-ui-'));
  const repo = makeCalcRepo(dirs.make());
  const serve = await startServe({
    CODEBAY_HOME: home,
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_API_KEY: 'sk-ui-test-0123456789',
    CODEBAY_MODEL: 'scripted',
    CODEBAY_WIRE: options.wire ?? 'chat',
    ...options.env,
  });
  const browser = await launchChromium();
  return {
    serve,
    model,
    browser,
    repo,
    home,
    dirs,
    open: async () => {
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      await page.goto(serve.url);
      return page;
    },
    close: async () => {
      await browser.close();
      await serve.stop();
      await model.close();
      dirs.cleanup();
    },
  };
}
