/** Aborts when touch() has not been called for `idleMs`; the abort reason is the given error. */
export class IdleWatchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  private fired = false;

  constructor(
    private readonly idleMs: number,
    private readonly reason: () => Error,
  ) {
    this.timer = setTimeout(() => this.fire(), idleMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get hasFired(): boolean {
    return this.fired;
  }

  touch(): void {
    if (this.fired) return;
    this.timer.refresh();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private fire(): void {
    this.fired = true;
    this.controller.abort(this.reason());
  }
}
