/**
 * Review comments on diff lines: the limits the API enforces and the UI keeps to when it
 * quotes code, so what a reviewer writes in the UI is never refused at the edge.
 */

export type CommentSide = 'original' | 'modified';

export const COMMENT_BODY_MAX = 20_000;
export const COMMENT_PATH_MAX = 4096;
/** Past any real file's length; the range is checked against this, not the file. */
export const COMMENT_LINE_MAX = 10_000_000;
/** The quoted code keeps the agent's prompt small however many lines were picked. */
export const COMMENT_QUOTE_MAX = 8_000;

/** The code a comment quotes: as is, or cut at a line end with a note of what was left out. */
export function capQuote(code: string): string {
  if (code.length <= COMMENT_QUOTE_MAX) return code;
  const lines = code.split('\n');
  const kept: string[] = [];
  // Room for the note, whose count takes at most 8 digits (COMMENT_LINE_MAX).
  let budget = COMMENT_QUOTE_MAX - 40;
  for (const line of lines) {
    if (line.length + 1 > budget) break;
    kept.push(line);
    budget -= line.length + 1;
  }
  // One line longer than the whole budget is cut inside itself.
  if (kept.length === 0) return `${code.slice(0, COMMENT_QUOTE_MAX - 40)}\n… (cut here)`;
  return `${kept.join('\n')}\n… (${lines.length - kept.length} more lines)`;
}
