import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import type { MethodName, MethodParams, MethodResult } from '../../shared/protocol.js';
import { screenshotDir } from '../support/browser.js';
import type { UiHarness } from '../support/uiHarness.js';
import { settleInScheme } from './pageWait.js';

/** Calls the engine over the same WebSocket the UI uses, for setting up and checking state. */
export async function callApi<M extends MethodName>(ui: UiHarness, method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
  const socket = new WebSocket(`ws://127.0.0.1:${ui.serve.port}/ws?token=${ui.serve.token}`, { origin: ui.serve.origin });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return await new Promise<MethodResult<M>>((resolve, reject) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
        if (frame.id !== 1) return;
        if (frame.error) reject(new Error(`${method}: ${frame.error.message}`));
        else resolve(frame.result as MethodResult<M>);
      });
      socket.send(JSON.stringify({ id: 1, method, params }));
    });
  } finally {
    socket.close();
  }
}

/** Saves the page in light and in dark colours as test-results/screens/<name>-light.png and -dark.png. */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await settleInScheme(page, scheme);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Records every desktop notification the app shows, so a test can read and click them. */
export async function recordNotifications(context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(['notifications'], { origin });
  // Page source as text: this file is compiled without the DOM library.
  await context.addInitScript({
    content: `(() => {
      const shown = [];
      window.shownNotifications = shown;
      const Real = window.Notification;
      class Recorded extends Real {
        constructor(title, options) {
          super(title, options);
          shown.push(this);
        }
      }
      Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true });
    })()`,
  });
}

/** The notifications recorded so far. */
export function shownNotifications(page: Page): Promise<Array<{ title: string; body: string }>> {
  return page.evaluate('window.shownNotifications.map((n) => ({ title: n.title, body: n.body }))') as Promise<Array<{ title: string; body: string }>>;
}

/** Clicks the nth recorded notification as the OS would. */
export async function clickNotification(page: Page, index: number): Promise<void> {
  await page.evaluate(`window.shownNotifications[${index}].dispatchEvent(new Event('click'))`);
}

/** A fresh page on the app with its own browser context, light theme, 1360×860. */
export async function openApp(ui: UiHarness, setup?: (context: BrowserContext) => Promise<void>): Promise<Page> {
  const context = await ui.browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: 'light' });
  await setup?.(context);
  const page = await context.newPage();
  await page.goto(ui.serve.url);
  return page;
}

/** The home page's task list. */
export function taskList(page: Page): Locator {
  return page.getByRole('list', { name: 'Tasks' });
}

/** One task's row in the home page's list, by its exact title. */
export function taskRow(page: Page, title: string): Locator {
  return taskList(page).getByRole('listitem', { name: title, exact: true });
}
