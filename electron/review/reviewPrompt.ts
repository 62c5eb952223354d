import type { Comment } from '../store/types.js';

/** "line 4" or "lines 4-9". */
function lineRange(comment: Pick<Comment, 'startLine' | 'endLine'>): string {
  return comment.startLine === comment.endLine ? `line ${comment.startLine}` : `lines ${comment.startLine}-${comment.endLine}`;
}

/** Which version of the file the lines are in, in the words of the diff the reviewer read. */
function sideOf(comment: Comment): string {
  const diff = comment.turn === null ? 'your changes' : `turn ${comment.turn}`;
  return comment.side === 'modified' ? `new code, after ${diff}` : `old code, before ${diff}`;
}

/** A fence longer than any run of backticks in the code, so the code cannot close it early. */
export function fenced(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${code}\n${fence}`;
}

/**
 * The follow-up that carries a reviewer's comments to the agent: each one with its file,
 * lines, side of the diff and the code it is about, then what the reviewer wrote.
 */
export function reviewPrompt(comments: readonly Comment[]): string {
  const count = comments.length === 1 ? 'a comment' : `${comments.length} comments`;
  const parts = [`I reviewed your changes and left ${count} on them. Address each one; where a comment asks a question, answer it in your reply.`];
  comments.forEach((comment, index) => {
    parts.push(`Comment ${index + 1}: ${comment.path}, ${lineRange(comment)} (${sideOf(comment)})`, fenced(comment.quote), comment.body);
  });
  return parts.join('\n\n');
}
