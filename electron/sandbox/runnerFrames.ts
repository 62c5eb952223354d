/** One frame of a root process of Codebay's in a sandbox: the command runner (commandRunnerScript.ts) or the gateway's door (gateway/tunnelScript.ts). */
export interface RunnerFrame {
  kind: string;
  id: number;
  payload: Buffer;
}

const HEADER_BYTES = 9;
/** The command runner's kinds; other channels pass their own. */
const RUNNER_KINDS: ReadonlySet<string> = new Set(['h', 'o', 'e', 'x']);
/** The runner sends at most 64 KiB of output a frame and a short JSON exit record; anything past this is not its frame. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * Cuts the runner's byte stream into frames, however Docker splits it into chunks. A frame
 * the runner cannot have sent (unknown kind, oversized) means the stream is corrupt: the
 * reader reports it once and reads nothing more, since no later byte can be trusted.
 */
export class RunnerFrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private corrupt = false;

  constructor(
    private readonly onFrame: (frame: RunnerFrame) => void,
    private readonly onCorrupt: (reason: string) => void,
    private readonly kinds: ReadonlySet<string> = RUNNER_KINDS,
  ) {}

  push(chunk: Buffer): void {
    if (this.corrupt) return;
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let offset = 0;
    while (this.buffered.length - offset >= HEADER_BYTES) {
      const kindByte = this.buffered[offset] ?? 0;
      const length = this.buffered.readUInt32BE(offset + 5);
      const kind = String.fromCharCode(kindByte);
      if (!this.kinds.has(kind) || length > MAX_PAYLOAD_BYTES) {
        this.corrupt = true;
        this.buffered = Buffer.alloc(0);
        this.onCorrupt(`a frame of kind 0x${kindByte.toString(16).padStart(2, '0')} announcing ${length} bytes`);
        return;
      }
      const end = offset + HEADER_BYTES + length;
      if (end > this.buffered.length) break;
      this.onFrame({ kind, id: this.buffered.readUInt32BE(offset + 1), payload: this.buffered.subarray(offset + HEADER_BYTES, end) });
      offset = end;
    }
    this.buffered = offset === this.buffered.length ? Buffer.alloc(0) : this.buffered.subarray(offset);
  }
}
