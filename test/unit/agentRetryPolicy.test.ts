import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_RETRY_AFTER_MS, retryAfterMs } from '../../electron/agent/model/retryPolicy.js';

describe('backoffMs', () => {
  it('doubles from 200 ms with at most 10 % jitter either way', () => {
    for (const [retry, base] of [[1, 200], [2, 400], [3, 800], [4, 1600]] as const) {
      expect(backoffMs(retry, () => 0.5)).toBe(base);
      expect(backoffMs(retry, () => 0)).toBe(Math.round(base * 0.9));
      expect(backoffMs(retry, () => 0.999999)).toBe(Math.round(base * 1.1));
    }
  });

  it('jitters with Math.random by default and is capped', () => {
    const waits = new Set(Array.from({ length: 50 }, () => backoffMs(3)));
    expect(waits.size).toBeGreaterThan(5);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(720);
      expect(wait).toBeLessThanOrEqual(880);
    }
    expect(backoffMs(30, () => 1)).toBe(30_000);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads seconds, fractions and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3_000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 12:00:07 GMT' }), now)).toBe(7_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 11:00:00 GMT' }), now)).toBe(0);
  });

  it('prefers retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
  });

  it('ignores what it cannot read and caps long waits', () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': '-4' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': '86400' }), now)).toBe(MAX_RETRY_AFTER_MS);
  });
});
