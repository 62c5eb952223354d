import type { ConversationItem } from '../types.js';

export const COMPACTION_INSTRUCTIONS = `You write hand-off notes. Another engineer (a model like you) will continue a coding task from your note alone: the conversation below will be deleted. Write in plain text, specific and dense, with no tool calls.`;

const REQUEST = `Write the hand-off note now, with these parts:
1. The task: what the user asked for, in their terms, with every requirement and constraint they gave (including later messages).
2. Done so far: what was found (files, functions, causes, with paths), what was changed and why, and the commands run with their results.
3. Current state: what works, what fails (exact errors and failing tests), and any half-finished edit.
4. Next steps: what remains, in order, starting with the very next action.
Keep paths, names, commands and error messages exact. Leave out what no longer matters.`;

/** The conversation as one readable transcript, so the summary request needs no tools on either wire. */
export function compactionRequestText(items: readonly ConversationItem[]): string {
  const parts = items.map((item) => {
    switch (item.role) {
      case 'user':
        return `[user]\n${item.text}`;
      case 'assistant':
        return `[assistant]\n${item.text}`;
      case 'summary':
        return `[note from an earlier hand-off]\n${item.text}`;
      case 'tool_call':
        return `[tool call ${item.callId}: ${item.name}]\n${item.arguments}`;
      case 'tool_result':
        return `[result of ${item.callId}]\n${item.output}`;
    }
  });
  return `The conversation so far:\n\n${parts.join('\n\n')}\n\n---\n${REQUEST}`;
}
