/**
 * Text that arrives in many small pieces (a command's output), passed on in batches at most
 * every `intervalMs`, so a chatty script sends a few messages a second instead of thousands.
 * The last `keepChars` of it stay readable as `text`.
 */
export class BatchedText {
  private pending = '';
  private kept = '';
  private dropped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onBatch: (text: string) => void,
    private readonly keepChars: number,
    private readonly intervalMs = 100,
  ) {}

  add(text: string): void {
    if (text === '') return;
    this.pending += text;
    this.kept += text;
    if (this.kept.length > this.keepChars * 2) this.trim();
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Passes on what is pending now; call once the text has ended. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    const batch = this.pending;
    this.pending = '';
    this.onBatch(batch);
  }

  /** Everything added, or its end with a note of what was cut when it ran long. */
  get text(): string {
    if (this.kept.length > this.keepChars) this.trim();
    return this.dropped ? `[… earlier output cut; the last ${this.keepChars} characters follow]\n${this.kept}` : this.kept;
  }

  private trim(): void {
    this.kept = this.kept.slice(-this.keepChars);
    this.dropped = true;
  }
}
