import type { Page } from 'playwright-core';

// In-page code is passed as source text: test files are compiled without the DOM library.

/**
 * Resolves once `condition` (a JavaScript expression) holds in the page, checked on every
 * animation frame. Stands in for page.waitForFunction, whose in-page eval the app's Content
 * Security Policy forbids.
 */
export async function waitInPage(page: Page, condition: string, what: string, timeoutMs = 10_000): Promise<void> {
  const met = await page.evaluate(`new Promise((resolve) => {
    const deadline = performance.now() + ${timeoutMs};
    const check = () => {
      if (${condition}) resolve(true);
      else if (performance.now() > deadline) resolve(false);
      else requestAnimationFrame(check);
    };
    check();
  })`);
  if (met !== true) throw new Error(`Waited ${timeoutMs} ms in the page for ${what}`);
}

/**
 * Emulates the OS colour scheme and waits until the page has taken it: the media query
 * answers it, every Monaco editor wears the matching theme, and no colour transition is
 * still running (endless animations such as spinners never settle, so they do not count).
 */
export async function settleInScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  const dark = scheme === 'dark';
  await waitInPage(
    page,
    `(() => {
      if (matchMedia('(prefers-color-scheme: dark)').matches !== ${dark}) return false;
      const chosen = document.documentElement.dataset.theme;
      const monacoTheme = (chosen ? chosen === 'dark' : ${dark}) ? 'vs-dark' : 'vs';
      if (![...document.querySelectorAll('.monaco-editor')].every((editor) => editor.classList.contains(monacoTheme))) return false;
      return document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity);
    })()`,
    `the ${scheme} colour scheme to settle`,
  );
}
