import { ActionableError } from './errors.js';

/** C0 and C1 control characters, DEL and the bidi controls: none belongs in a one-line name, and a terminal acts on most. */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');

/** Refuses a name or title a person typed that holds a control character, saying which and where. */
export function assertPlainLine(value: string, what: string): void {
  const match = CONTROL_CHARACTER.exec(value);
  if (!match) return;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  throw new ActionableError(
    `The ${what} holds a control character (U+${code}) at position ${match.index + 1}`,
    'Remove it: names and titles are shown as one line of plain text, in lists and in terminals',
  );
}

/** A line made from other text (a title from a prompt's first line), with control characters turned into spaces. */
export function plainLine(value: string): string {
  return value.replace(CONTROL_CHARACTERS, ' ');
}
