import { byteSize } from '../../../shared/byteSize.js';

const HEAD_LINES = 128;
const TAIL_LINES = 128;
const HEAD_BYTES = 5 * 1024;
const TAIL_BYTES = 5 * 1024;
/** Characters kept from each end of one over-long line (progress bars, minified code). */
const LINE_END_CHARS = 1024;

interface KeptLine {
  text: string;
  bytes: number;
}

/**
 * Keeps what the model sees of a command's output: the first and last 128 lines, about
 * 10 KiB in all, with a marker for what was left out. It holds no more than that however
 * much is pushed, so a command printing gigabytes costs no memory.
 */
export class OutputLimiter {
  private readonly head: KeptLine[] = [];
  private headBytes = 0;
  private headClosed = false;
  private readonly tail: KeptLine[] = [];
  private tailBytes = 0;
  private lineStart = '';
  private lineEnd = '';
  private lineCutChars = 0;
  private totalLines = 0;
  private totalBytes = 0;
  private omittedLines = 0;
  private omittedBytes = 0;

  push(text: string): void {
    this.totalBytes += Buffer.byteLength(text);
    let from = 0;
    for (let newline = text.indexOf('\n', from); newline !== -1; newline = text.indexOf('\n', from)) {
      this.appendToLine(text.slice(from, newline));
      this.endLine();
      from = newline + 1;
    }
    this.appendToLine(text.slice(from));
  }

  /** The text for the model: everything if it fits, else head, marker and tail. */
  finish(): string {
    if (this.lineStart !== '' || this.lineEnd !== '' || this.lineCutChars > 0) this.endLine();
    const lines = this.head.map((line) => line.text);
    if (this.omittedLines > 0) {
      const first = this.head.length + 1;
      const last = this.head.length + this.omittedLines;
      lines.push(
        `[… ${count(this.omittedLines)} lines (${byteSize(this.omittedBytes)}) omitted of ${count(this.totalLines)}: ` +
          `lines ${count(first)}–${count(last)} …]`,
      );
    }
    for (const line of this.tail) lines.push(line.text);
    return lines.join('\n');
  }

  /** Characters held right now; bounded whatever was pushed. */
  get heldChars(): number {
    const kept = [...this.head, ...this.tail].reduce((sum, line) => sum + line.text.length, 0);
    return kept + this.lineStart.length + this.lineEnd.length;
  }

  private appendToLine(piece: string): void {
    if (piece === '') return;
    let rest = piece;
    if (this.lineStart.length < LINE_END_CHARS) {
      const room = LINE_END_CHARS - this.lineStart.length;
      this.lineStart += rest.slice(0, room);
      rest = rest.slice(room);
      if (rest === '') return;
    }
    const end = this.lineEnd + rest;
    if (end.length > LINE_END_CHARS) {
      this.lineCutChars += end.length - LINE_END_CHARS;
      this.lineEnd = end.slice(-LINE_END_CHARS);
    } else {
      this.lineEnd = end;
    }
  }

  private endLine(): void {
    const cut = this.lineCutChars > 0 ? ` […${count(this.lineCutChars)} characters of this line omitted…] ` : '';
    const text = this.lineStart + cut + this.lineEnd;
    this.lineStart = '';
    this.lineEnd = '';
    this.lineCutChars = 0;
    this.totalLines += 1;
    const line = { text, bytes: Buffer.byteLength(text) + 1 };
    if (!this.headClosed && this.head.length < HEAD_LINES && this.headBytes + line.bytes <= HEAD_BYTES) {
      this.head.push(line);
      this.headBytes += line.bytes;
      return;
    }
    // Once a line misses the head, the head is closed for good, so what it shows is one unbroken run.
    this.headClosed = true;
    this.tail.push(line);
    this.tailBytes += line.bytes;
    while (this.tail.length > TAIL_LINES || (this.tailBytes > TAIL_BYTES && this.tail.length > 1)) {
      const dropped = this.tail.shift();
      if (dropped === undefined) break;
      this.tailBytes -= dropped.bytes;
      this.omittedLines += 1;
      this.omittedBytes += dropped.bytes;
    }
  }
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}


