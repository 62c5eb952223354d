import { z } from 'zod';

/** Git has no limit of its own; this one keeps a pasted log or binary out of a commit header's neighbour. */
export const COMMIT_MESSAGE_MAX_BYTES = 64 * 1024;

/** Every control character but newline and tab: git would store them, and a terminal showing the log would act on them. */
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Bidirectional overrides, embeddings, isolates and marks: a log or a forge would show the text reordered. */
const TEXT_DIRECTION = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** "(U+001B) on line 3": which character, and where. */
function place(message: string, found: RegExpExecArray): string {
  const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `(U+${code}) on line ${message.slice(0, found.index).split('\n').length}`;
}

export interface CommitMessageProblem {
  what: string;
  fix: string;
}

/** What is wrong with a commit message a person wrote, or null when git may take it as it is. */
export function commitMessageProblem(message: string): CommitMessageProblem | null {
  const bytes = new TextEncoder().encode(message).length;
  if (bytes > COMMIT_MESSAGE_MAX_BYTES) {
    return { what: `The commit message is ${Math.ceil(bytes / 1024)} KiB, more than the 64 KiB a commit message may be`, fix: 'Shorten it; details belong in the pull request' };
  }
  const forbidden = FORBIDDEN.exec(message);
  if (forbidden) {
    return { what: `The commit message holds a control character ${place(message, forbidden)}`, fix: 'Remove it: a commit message may hold line breaks and tabs, no other control characters' };
  }
  const turning = TEXT_DIRECTION.exec(message);
  if (turning) {
    return { what: `The commit message holds an invisible text-direction character ${place(message, turning)}`, fix: 'Remove it: it makes the message read differently from what git stores' };
  }
  if ((normalizeCommitMessage(message).split('\n')[0] ?? '') === '') {
    return { what: 'The commit message has no subject line', fix: 'Write a first line that says what the change does' };
  }
  return null;
}

/**
 * The message as git's own `commit` would keep it: trailing spaces off every line and blank
 * lines off both ends, so a message that only differs in those counts as unchanged.
 */
export function normalizeCommitMessage(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** The protocol's check of a `message` param: the same words the engine would refuse it with. */
export const commitMessageSchema = z.string().superRefine((message, context) => {
  const problem = commitMessageProblem(message);
  if (problem) context.addIssue({ code: 'custom', message: `${problem.what}. ${problem.fix}` });
});
