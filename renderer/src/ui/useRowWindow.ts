import { type RefObject, useLayoutEffect, useReducer, useRef, useState } from 'react';

export interface RowWindowOptions {
  scroller: RefObject<HTMLElement | null>;
  count: number;
  rowHeight: number;
  /** Rows drawn past each edge of the view, so fast scrolling shows no gaps. */
  overscan: number;
  /** The view follows the last row (a live log at its tail). */
  pinned: boolean;
}

export interface RowWindow {
  /** The first row to draw. */
  start: number;
  /** One past the last row to draw. */
  end: number;
  /** Call from the scroller's scroll handler, with whether the view now follows the last row. */
  onScroll(pinned: boolean): void;
}

interface Viewport {
  top: number;
  height: number;
}

function rangeOf(count: number, rowHeight: number, overscan: number, pinned: boolean, view: Viewport): { start: number; end: number } {
  const rows = Math.ceil(view.height / rowHeight) + 1;
  if (pinned) return { start: Math.max(0, count - rows - overscan), end: count };
  const first = Math.floor(view.top / rowHeight);
  return { start: Math.min(count, Math.max(0, first - overscan)), end: Math.min(count, first + rows + overscan) };
}

/**
 * The rows in view of a scroller whose rows all have one height, worked out from the scroll
 * position alone. A general virtualizer measures every row again whenever the count changes and
 * redraws on the scroll event that following the tail causes; for a live log growing 20 times a
 * second that doubled every update. Here rows appended while pinned draw in the same pass, and a
 * scroll redraws only when the window of rows changes.
 */
export function useRowWindow({ scroller, count, rowHeight, overscan, pinned }: RowWindowOptions): RowWindow {
  const view = useRef<Viewport>({ top: 0, height: 0 });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const range = rangeOf(count, rowHeight, overscan, pinned, view.current);
  // What the last render drew from, for the scroll and resize handlers.
  const latest = useRef({ count, rowHeight, overscan, pinned, range });
  latest.current = { count, rowHeight, overscan, pinned, range };

  const [handlers] = useState(() => {
    const measure = (): void => {
      const el = scroller.current;
      if (!el) return;
      view.current = { top: el.scrollTop, height: el.clientHeight };
      const drawn = latest.current;
      const next = rangeOf(drawn.count, drawn.rowHeight, drawn.overscan, drawn.pinned, view.current);
      if (next.start !== drawn.range.start || next.end !== drawn.range.end) redraw();
    };
    return {
      measure,
      onScroll: (following: boolean): void => {
        latest.current.pinned = following;
        measure();
      },
    };
  });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    handlers.measure();
    const observer = new ResizeObserver(handlers.measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [scroller, handlers]);

  return { start: range.start, end: range.end, onScroll: handlers.onScroll };
}
