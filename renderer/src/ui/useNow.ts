import { useRef, useSyncExternalStore } from 'react';

interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
  /** One function per clock, so React keeps its subscription from render to render. */
  subscribe: (listener: () => void) => () => void;
}

// One timer per interval for the whole app: a list of running tasks re-renders its clocks in
// one commit a second instead of one commit per row at scattered moments.
const clocks = new Map<number, Clock>();

function clockFor(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    const created: Clock = { now: Date.now(), listeners: new Set(), timer: undefined, subscribe: (listener) => subscribe(created, intervalMs, listener) };
    clocks.set(intervalMs, created);
    clock = created;
  }
  return clock;
}

function subscribe(clock: Clock, intervalMs: number, listener: () => void): () => void {
  clock.listeners.add(listener);
  if (clock.timer === undefined) {
    clock.now = Date.now();
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      for (const notify of clock.listeners) notify();
    }, intervalMs);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer !== undefined) {
      clearInterval(clock.timer);
      clock.timer = undefined;
    }
  };
}

/** The time as a stopped clock last read it, refreshed when it is more than an interval old. */
function snapshot(intervalMs: number): number {
  const clock = clockFor(intervalMs);
  if (clock.timer === undefined && Date.now() - clock.now >= intervalMs) clock.now = Date.now();
  return clock.now;
}

const stayStill = (): (() => void) => () => undefined;

/** The current time, refreshed every `intervalMs` while `live` is true; it stands still otherwise. */
export function useNow(intervalMs: number, live = true): number {
  const last = useRef(0);
  const now = useSyncExternalStore(
    live ? clockFor(intervalMs).subscribe : stayStill,
    live ? () => snapshot(intervalMs) : () => last.current || snapshot(intervalMs),
  );
  if (live) last.current = now;
  return now;
}
