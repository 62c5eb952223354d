import { plainLine } from '../plainText.js';

const SUBJECT_MAX = 72;
const BODY_MAX = 4000;
/** The agent's citations (【F:path†L1-L2】) point into the app, not into a commit message. */
const CITATION = /[ \t]*【[^】]{0,300}】/g;

/** A line of the summary as plain text: markdown's heading, list and emphasis marks taken off. */
function plainSummaryLine(line: string): string {
  return plainLine(line.replace(CITATION, ''))
    .replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most 72 characters, cut at a word when one ends late enough, with no trailing colon or period. */
function subjectOf(line: string): string {
  let subject = line;
  if (subject.length > SUBJECT_MAX) {
    const cut = subject.slice(0, SUBJECT_MAX + 1);
    const space = cut.lastIndexOf(' ');
    subject = (space > SUBJECT_MAX / 2 ? cut.slice(0, space) : cut.slice(0, SUBJECT_MAX)).trimEnd();
  }
  return subject.replace(/[.:,;]+$/, '');
}

/** A commit subject made from a line of text (a title, a summary's first line), empty when it has no words. */
export function subjectLine(text: string): string {
  return subjectOf(plainSummaryLine(text));
}

/**
 * The message of a turn's commit: the agent's own summary line as the subject (the task's title
 * when the summary has none), the rest of the summary as the body, and which task and turn it is.
 */
export function turnCommitMessage(summary: string, title: string, taskId: string, turn: number): string {
  const lines = summary.split('\n');
  const first = lines.findIndex((line) => plainSummaryLine(line) !== '');
  const subject = subjectOf(first === -1 ? plainSummaryLine(title) : plainSummaryLine(lines[first] ?? '')) || 'Codebay turn';
  const rest = first === -1 ? '' : lines.slice(first + 1).join('\n').replace(CITATION, '').replace(/\n{3,}/g, '\n\n').trim();
  const cleaned = rest.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
  const body = cleaned.length > BODY_MAX ? `${cleaned.slice(0, BODY_MAX).trimEnd()}\n…` : cleaned;
  return [subject, ...(body ? [body] : []), `Codebay task ${taskId}, turn ${turn}`].join('\n\n');
}
