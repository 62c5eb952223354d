import type { Page } from 'playwright-core';

// In-page code is passed as source text: the bench is compiled without the DOM library.

/** A JavaScript expression, true once the element `within` holds `text` (Monaco draws spaces as U+00A0). */
export function holdsText(within: string, text: string): string {
  return `((document.querySelector(${JSON.stringify(within)})?.textContent ?? '').replace(/\\u00a0/g, ' ').includes(${JSON.stringify(text)}))`;
}

/**
 * Clicks `click` inside the page and resolves with the ms until `condition`
 * holds and the next frame is drawn, timed by the page's own clock so the
 * automation round trips are not counted.
 */
export async function timeClickUntil(page: Page, click: string, condition: string, timeoutMs = 15_000): Promise<number> {
  const measured = await page.evaluate(`new Promise((resolve) => {
    const target = document.querySelector(${JSON.stringify(click)});
    if (!target) return resolve('nothing matches ${click.replace(/'/g, '')}');
    const started = performance.now();
    const met = () => ${condition};
    let timer;
    const observer = new MutationObserver(() => { if (met()) finish(); });
    const finish = () => {
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - started));
    };
    timer = setTimeout(() => { observer.disconnect(); resolve('timed out after ${timeoutMs} ms'); }, ${timeoutMs});
    observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
    target.click();
    if (met()) finish();
  })`);
  if (typeof measured !== 'number') throw new Error(`Clicking ${click} in the UI: ${String(measured)}; check the selector and that the page shows the expected text`);
  return measured;
}

/**
 * An init script that records, in window.__benchShownAt, the ms from the
 * navigation's start to the first frame drawn once `condition` holds.
 */
export function shownAtScript(condition: string): string {
  return `(() => {
    const met = () => ${condition};
    const observer = new MutationObserver(() => {
      if (!met()) return;
      observer.disconnect();
      requestAnimationFrame(() => { window.__benchShownAt = performance.now(); });
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  })()`;
}

/** Reloads and returns the ms from navigation start to the frame recorded by shownAtScript. */
export async function timeReload(page: Page): Promise<number> {
  await page.reload({ waitUntil: 'commit' });
  // Polled from here: the app's Content Security Policy forbids waitForFunction's in-page eval.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const shownAt = await page.evaluate('window.__benchShownAt');
    if (typeof shownAt === 'number') return shownAt;
    if (Date.now() > deadline) throw new Error('The reloaded page drew none of the awaited rows in 15 s; check the row selector');
    await page.waitForTimeout(20);
  }
}

/** Starts collecting the durations of the page's main-thread long tasks (over 50 ms). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push(entry.duration); })
      .observe({ type: 'longtask' });
  })()`);
}

/** The long-task durations collected since watchLongTasks, in ms. */
export async function longTasks(page: Page): Promise<number[]> {
  const durations = await page.evaluate('window.__longTasks');
  if (!Array.isArray(durations)) throw new Error('The page holds no long-task record; call watchLongTasks first');
  return durations.filter((d): d is number => typeof d === 'number');
}
