import { compactionRequestText, COMPACTION_INSTRUCTIONS } from './instructions/compactionPrompt.js';
import type { ModelClient } from './model/modelClient.js';
import type { ModelUsage } from './model/modelTypes.js';
import type { ConversationItem } from './types.js';

/** Compaction starts when a request would fill this share of the context window. */
const THRESHOLD = 0.8;
/** How much of the user's own later messages a compacted history keeps, most recent first. */
const RECENT_USER_CHARS = 20_000;

/** Roughly four characters per token: close enough to decide when to compact. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function overThreshold(tokens: number, contextWindow: number): boolean {
  return tokens > contextWindow * THRESHOLD;
}

/** Whether there is anything to compact: the user's own messages are always kept, so they alone are not. */
export function canCompact(items: readonly ConversationItem[]): boolean {
  return items.some((item) => item.role !== 'user');
}

export interface Compacted {
  items: ConversationItem[];
  summary: string;
  usage: ModelUsage | undefined;
}

/**
 * Asks the model for a hand-off summary without tools, then keeps only the first user
 * message, the most recent later ones, and the summary.
 */
export async function compactConversation(
  client: ModelClient,
  items: readonly ConversationItem[],
  signal: AbortSignal,
): Promise<Compacted> {
  const reply = await client.send(
    {
      instructions: COMPACTION_INSTRUCTIONS,
      items: [{ role: 'user', text: compactionRequestText(items) }],
      tools: [],
      showText: false,
    },
    signal,
  );
  const summary = reply.text.trim() || 'The model gave no summary of the earlier work; re-read the repository state before going on.';
  return { items: [...keptUserMessages(items), { role: 'summary', text: summary }], summary, usage: reply.usage };
}

function keptUserMessages(items: readonly ConversationItem[]): ConversationItem[] {
  const users = items.filter((item): item is Extract<ConversationItem, { role: 'user' }> => item.role === 'user');
  const [first, ...later] = users;
  if (first === undefined) return [];
  const recent: ConversationItem[] = [];
  let room = RECENT_USER_CHARS;
  // The newest message is the request being worked on, so it stays whatever its size.
  for (const message of later.reverse()) {
    if (recent.length > 0 && message.text.length > room) break;
    recent.unshift(message);
    room -= message.text.length;
  }
  return [first, ...recent];
}
