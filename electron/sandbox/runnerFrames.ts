/** One reply of the in-sandbox command runner (see commandRunnerScript.ts). */
export interface RunnerFrame {
  kind: string;
  id: number;
  payload: Buffer;
}

const HEADER_BYTES = 9;

/** Cuts the runner's byte stream into frames, however Docker splits it into chunks. */
export class RunnerFrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (frame: RunnerFrame) => void) {}

  push(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let offset = 0;
    while (this.buffered.length - offset >= HEADER_BYTES) {
      const length = this.buffered.readUInt32BE(offset + 5);
      const end = offset + HEADER_BYTES + length;
      if (end > this.buffered.length) break;
      this.onFrame({
        kind: String.fromCharCode(this.buffered[offset] ?? 0),
        id: this.buffered.readUInt32BE(offset + 1),
        payload: this.buffered.subarray(offset + HEADER_BYTES, end),
      });
      offset = end;
    }
    this.buffered = offset === this.buffered.length ? Buffer.alloc(0) : this.buffered.subarray(offset);
  }
}
