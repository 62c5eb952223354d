import type { ConversationItem } from './types.js';

/** How a compaction summary reads to the model: it stands in for the history it replaced. */
export function summaryForModel(text: string): string {
  return (
    'Summary of the earlier part of this task, written when the conversation was compacted to fit the context window. ' +
    'Details were lost: re-read files and rerun commands when you need them.\n\n' +
    text
  );
}

const INTERRUPTED = 'No result: the turn ended before this tool call finished, so it may not have run or may have run only in part.';

/**
 * Gives every tool call a result, placed right after the calls of its step, and drops results
 * of no call. Wires reject both, and a turn that was cancelled or crashed mid-step leaves calls
 * without results.
 */
export function repairConversation(items: readonly ConversationItem[]): ConversationItem[] {
  const answered = new Set(items.flatMap((item) => (item.role === 'tool_result' ? [item.callId] : [])));
  const called = new Set<string>();
  const repaired: ConversationItem[] = [];
  let unanswered: string[] = [];
  const flush = (): void => {
    for (const callId of unanswered) repaired.push({ role: 'tool_result', callId, output: INTERRUPTED });
    unanswered = [];
  };
  for (const item of items) {
    if (item.role === 'tool_call') {
      called.add(item.callId);
      if (!answered.has(item.callId)) unanswered.push(item.callId);
    } else if (item.role === 'tool_result') {
      if (!called.has(item.callId)) continue;
    } else {
      flush();
    }
    repaired.push(item);
  }
  flush();
  return repaired;
}
