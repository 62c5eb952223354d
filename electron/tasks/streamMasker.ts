import { MASK, maskableSecrets } from './redact.js';

/**
 * Masks secret values in a stream of text that arrives in pieces, including a value split
 * between two pieces: the end of a piece that could begin a secret is held back until the
 * next piece shows whether it does. What comes out, joined, never holds a whole secret.
 */
export class StreamMasker {
  private readonly secrets: string[];
  private readonly firstChars: Set<string>;
  private readonly longest: number;
  private held = '';

  constructor(values: readonly string[]) {
    this.secrets = maskableSecrets(values);
    this.firstChars = new Set(this.secrets.map((secret) => secret.charAt(0)));
    this.longest = this.secrets[0]?.length ?? 0;
  }

  /** The masked text that is safe to pass on now; may be shorter than what came in, or empty. */
  push(text: string): string {
    if (this.secrets.length === 0) return text;
    const masked = this.secrets.reduce((out, secret) => out.split(secret).join(MASK), this.held + text);
    const keep = this.possibleStart(masked);
    this.held = masked.slice(masked.length - keep);
    return masked.slice(0, masked.length - keep);
  }

  /** What is still held back, at the end of the stream: only ever the start of a secret, never a whole one. */
  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  /** Length of the longest end of the text that is the start of some secret. */
  private possibleStart(text: string): number {
    for (let start = Math.max(0, text.length - this.longest + 1); start < text.length; start += 1) {
      if (!this.firstChars.has(text.charAt(start))) continue;
      const tail = text.slice(start);
      if (this.secrets.some((secret) => secret.startsWith(tail))) return text.length - start;
    }
    return 0;
  }
}

type OutputListener = (stream: 'stdout' | 'stderr', text: string) => void;

/**
 * Wraps a command's output listener so secret values are masked in each stream; call
 * flush when the command has ended to pass on what was held back.
 */
export function maskedOutput(values: readonly string[], listener: OutputListener): { onOutput: OutputListener; flush: () => void } {
  const maskers = { stdout: new StreamMasker(values), stderr: new StreamMasker(values) };
  const pass = (stream: 'stdout' | 'stderr', text: string): void => {
    if (text !== '') listener(stream, text);
  };
  return {
    onOutput: (stream, text) => pass(stream, maskers[stream].push(text)),
    flush: () => {
      pass('stdout', maskers.stdout.end());
      pass('stderr', maskers.stderr.end());
    },
  };
}
