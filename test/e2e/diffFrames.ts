import type { Page } from 'playwright-core';

/** What the Diff tab showed at one moment. */
export interface DiffFrame {
  /** 'frame' on an animation frame, 'mutation' right after the page changed (between frames). */
  at: 'frame' | 'mutation';
  /** The value of the "Changes of" picker: 'all' or a turn number. */
  picker: string;
  /** The editor host's data-turn and aria-busy. */
  turn: string | null;
  busy: boolean;
  /** The text each side of the diff editor shows; '' while it is hidden or absent. */
  original: string;
  modified: string;
}

export interface DiffFrameRecording {
  /** Waits for two more frames, so the last one drawn is in, then stops and returns every record. */
  stop(): Promise<DiffFrame[]>;
}

/**
 * Starts recording the Diff tab on every animation frame and after every change to the page,
 * so a test can tell whether any moment showed a pair the picker does not name.
 */
export async function recordDiffFrames(page: Page): Promise<DiffFrameRecording> {
  // Page source as text: this file is compiled without the DOM library.
  await page.evaluate(`(() => {
    const records = [];
    const sideText = (side) => {
      const lines = document.querySelector('.tv-monaco .editor.' + side + ' .view-lines');
      if (!lines || !lines.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return '';
      return lines.textContent.replace(/\\u00a0/g, ' ');
    };
    const record = (at) => {
      const host = document.querySelector('.tv-monaco');
      records.push({
        at,
        picker: document.querySelector('.tv-diff .tv-toolbar select')?.value ?? '',
        turn: host?.getAttribute('data-turn') ?? null,
        busy: host?.getAttribute('aria-busy') === 'true',
        original: sideText('original'),
        modified: sideText('modified'),
      });
    };
    let recording = true;
    const onFrame = () => {
      if (!recording) return;
      record('frame');
      requestAnimationFrame(onFrame);
    };
    const observer = new MutationObserver(() => record('mutation'));
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    record('frame');
    requestAnimationFrame(onFrame);
    window.diffFrames = {
      stop: () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
        recording = false;
        observer.disconnect();
        resolve(records);
      }))),
    };
  })()`);
  return {
    stop: () => page.evaluate('window.diffFrames.stop()') as Promise<DiffFrame[]>,
  };
}
