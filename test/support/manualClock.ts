import type { Clock } from '../../electron/store/clock.js';

/** A clock that stands still until the test moves it, so "later" needs no sleep. */
export class ManualClock implements Clock {
  constructor(private time = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
