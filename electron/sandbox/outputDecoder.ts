import { StringDecoder } from 'node:string_decoder';

export type OutputStream = 'stdout' | 'stderr';
export type OutputListener = (stream: OutputStream, text: string) => void;

/** Turns one output stream's bytes into text for a listener, keeping characters split across chunks whole. */
export class OutputDecoder {
  private readonly decoder = new StringDecoder('utf8');
  /** What the listener threw, if it did; later output is dropped and the caller rethrows this at the end. */
  listenerError: unknown;

  constructor(
    private readonly stream: OutputStream,
    private readonly onOutput: OutputListener | undefined,
  ) {}

  write(chunk: Buffer): void {
    this.deliver(this.decoder.write(chunk));
  }

  flush(): void {
    this.deliver(this.decoder.end());
  }

  private deliver(text: string): void {
    if (!text || !this.onOutput || this.listenerError !== undefined) return;
    try {
      this.onOutput(this.stream, text);
    } catch (error) {
      this.listenerError = error;
    }
  }
}
