const BASE_DELAY_MS = 200;
const MAX_BACKOFF_MS = 30_000;
/** Retry-After is honoured up to this; a longer wait would hold a task for no visible reason. */
export const MAX_RETRY_AFTER_MS = 300_000;

/** The wait before retry number `retry` (1-based): 200 ms · 2^(retry−1), ±10 % jitter, capped. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = BASE_DELAY_MS * 2 ** (retry - 1);
  const jittered = base * (1 + (random() * 2 - 1) * 0.1);
  return Math.round(Math.min(jittered, MAX_BACKOFF_MS));
}

/**
 * How long the server asked us to wait: `retry-after-ms` (milliseconds), or `retry-after`
 * as seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const millis = parseNumber(headers.get('retry-after-ms'));
  if (millis !== undefined) return clampWait(millis);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return clampWait(seconds * 1000);
  // An HTTP date names a weekday and month; anything else Date.parse might guess at is no date.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : clampWait(date - now);
}

function parseNumber(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

function clampWait(ms: number): number {
  return Math.round(Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS));
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
