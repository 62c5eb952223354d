import { repairConversation } from './conversation.js';
import { resolveLimits } from './limits.js';
import { createModelClient } from './model/modelClient.js';
import { AgentTurnError } from './turnError.js';
import { TurnLoop } from './turnLoop.js';
import type { TurnInput, TurnOutcome } from './types.js';

/**
 * Runs one turn of a task: the prompt joins the conversation, and the model works through
 * the tools until it answers without a tool call. Throws AgentTurnError, which keeps the
 * conversation so far, when the turn fails or is cancelled.
 */
export async function runTurn(input: TurnInput): Promise<TurnOutcome> {
  const limits = resolveLimits(input);
  const items = [...repairConversation(input.conversation), { role: 'user' as const, text: input.prompt }];
  const loop = new TurnLoop(input, limits, createModelClient(input.provider, limits, input.emit), items);
  try {
    input.signal.throwIfAborted();
    return await loop.run();
  } catch (error) {
    throw AgentTurnError.from(error, loop.items, loop.usage, input.signal.aborted);
  }
}
