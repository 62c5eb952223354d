import { CONTROL_CHARACTER } from '../plainText.js';

// Text from a sandbox, a repository or a model reaches the user's terminal through the CLI.
// A terminal acts on control characters: OSC 52 writes the clipboard, OSC 0 retitles the
// window, CSI sequences clear the screen or move the cursor, a carriage return or a newline
// in a file name forges lines, and bidi controls reorder what is shown. Every such character
// is shown as a visible escape instead.

/** C0 controls but tab and newline, DEL, C1 controls, and the bidi and direction marks. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, and newline and tab: for a field that must stay on one line. */
const CONTROL_IN_LINE = new RegExp(CONTROL_CHARACTER.source, 'g');
/** What JSON.stringify leaves raw but a terminal or a JavaScript parser may act on. */
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Multi-line text (command output, a message): newlines and tabs kept, a CRLF read as a newline. */
export function terminalText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, visible);
}

/** One field of a line (a title, a file name, an error): nothing in it can start another line. */
export function terminalLine(text: string): string {
  return text.replace(CONTROL_IN_LINE, visible);
}

/** A JSON line with every character a terminal could act on written as a \u escape; the same value to a JSON parser. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
