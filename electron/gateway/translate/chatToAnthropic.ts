import { z } from 'zod';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicStopReason } from './anthropicOutputTypes.js';
import type { AnthropicToChatContext } from './anthropicToChat.js';
import { chatCompletionSchema } from './chatAnswerSchemas.js';
import { messagePieces, throwIfError } from './chatChunkReader.js';
import { ChatToolCallTracker } from './chatToolCallTracker.js';
import { newId, UniqueCallIds } from './ids.js';
import { chatUsageToAnthropic } from './usageConversions.js';
import { parseOrThrow } from './validate.js';

/**
 * A provider's whole Chat answer as an Anthropic message. Throws UpstreamError
 * for an `{error}` body and TranslationError for a body that is not a Chat completion.
 */
export function chatCompletionToAnthropic(body: unknown, context: AnthropicToChatContext): AnthropicMessage {
  throwIfError(body);
  const completion = parseOrThrow(chatCompletionSchema, body, 'provider answer', 'The provider must answer with a Chat completion.');
  const choice = completion.choices.find((candidate) => candidate.index === 0) ?? completion.choices[0];
  const pieces = messagePieces(choice?.message ?? {});
  const content: AnthropicContentBlock[] = [];
  if (pieces.reasoning !== '') content.push({ type: 'thinking', thinking: pieces.reasoning, signature: '' });
  if (pieces.text !== '') content.push({ type: 'text', text: pieces.text });
  const tracker = new ChatToolCallTracker();
  for (const fragment of pieces.toolCalls) tracker.add(fragment);
  const ids = new UniqueCallIds('toolu_');
  for (const call of tracker.calls()) content.push({ type: 'tool_use', id: ids.take(call.id), name: call.name, input: toolInput(call.arguments) });
  return {
    id: newId('msg_'),
    type: 'message',
    role: 'assistant',
    model: context.model,
    content,
    stop_reason: anthropicStopReason(choice?.finish_reason ?? undefined, tracker.calls().length > 0),
    stop_sequence: null,
    usage: chatUsageToAnthropic(completion.usage ?? undefined),
  };
}

/** Tool calls win over the finish reason: Ollama and others say `stop` when they call tools. */
export function anthropicStopReason(finishReason: string | undefined, hasToolCalls: boolean): AnthropicStopReason {
  if (hasToolCalls) return 'tool_use';
  if (finishReason === 'length') return 'max_tokens';
  if (finishReason === 'content_filter') return 'refusal';
  return 'end_turn';
}

const objectSchema = z.record(z.string(), z.unknown());

/** Anthropic tool input must be an object; arguments that are not a JSON object give an empty one. */
function toolInput(args: string): Record<string, unknown> {
  try {
    const parsed = objectSchema.safeParse(JSON.parse(args));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
