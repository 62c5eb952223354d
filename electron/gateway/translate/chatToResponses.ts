import { chatCompletionSchema } from './chatAnswerSchemas.js';
import { messagePieces, throwIfError } from './chatChunkReader.js';
import { ChatToolCallTracker } from './chatToolCallTracker.js';
import { newId, UniqueCallIds, unixSeconds } from './ids.js';
import {
  messageItem,
  reasoningItem,
  responsesEnding,
  responsesObject,
  toolCallItem,
  type ResponsesObject,
  type ResponsesOutputItem,
} from './responsesOutput.js';
import type { ResponsesToChatContext } from './responsesToChat.js';
import { chatUsageToResponses } from './usageConversions.js';
import { parseOrThrow } from './validate.js';

/**
 * A provider's whole Chat Completions answer as a Responses API Response object.
 * Throws UpstreamError for an `{error: …}` body and TranslationError for a body
 * that is not a Chat completion.
 */
export function chatCompletionToResponse(body: unknown, context: ResponsesToChatContext): ResponsesObject {
  throwIfError(body);
  const completion = parseOrThrow(chatCompletionSchema, body, 'provider answer', 'The provider must answer with a Chat completion.');
  const choice = completion.choices.find((candidate) => candidate.index === 0) ?? completion.choices[0];
  const pieces = messagePieces(choice?.message ?? {});
  const output: ResponsesOutputItem[] = [];
  if (pieces.reasoning !== '' && context.reasoning !== 'drop') output.push(reasoningItem(newId('rs_'), pieces.reasoning, context.reasoning, true));
  if (pieces.text !== '') output.push(messageItem(newId('msg_'), pieces.text, 'completed'));
  const tracker = new ChatToolCallTracker();
  for (const fragment of pieces.toolCalls) tracker.add(fragment);
  const callIds = new UniqueCallIds('call_');
  for (const call of tracker.calls()) {
    output.push(toolCallItem(newId('fc_'), callIds.take(call.id), call.name, call.arguments, context.toolOrigins, 'completed'));
  }
  return responsesObject({
    id: newId('resp_'),
    created_at: unixSeconds(),
    model: context.model,
    output,
    usage: completion.usage ? chatUsageToResponses(completion.usage) : null,
    error: null,
    ...responsesEnding(choice?.finish_reason ?? undefined),
  });
}
