import { z } from 'zod';
import { chatChunkSchema, chatErrorSchema, type ChatUsage, type ToolCallFragment } from './chatAnswerSchemas.js';
import { UpstreamError } from './errors.js';
import { parseOrThrow } from './validate.js';

/** What one Chat stream chunk (or one whole Chat message) carries, with each server's spelling made one. */
export interface ChatPiece {
  id: string | undefined;
  model: string | undefined;
  text: string;
  reasoning: string;
  toolCalls: ToolCallFragment[];
  finishReason: string | undefined;
  usage: ChatUsage | undefined;
}

interface MessageLike {
  content?: string | readonly { type?: string; text?: string }[] | null;
  refusal?: string | null;
  reasoning_content?: unknown;
  reasoning?: unknown;
  tool_calls?: ToolCallFragment[] | null;
  function_call?: { name?: string | null; arguments?: unknown } | null;
}

/**
 * Reads one parsed Chat SSE chunk. Only the first choice counts: the clients
 * never ask for several. Throws UpstreamError for an error chunk and
 * TranslationError for a chunk of the wrong shape.
 */
export function readChatChunk(value: unknown): ChatPiece {
  throwIfError(value);
  const chunk = parseOrThrow(chatChunkSchema, value, 'provider chunk', 'The provider must stream Chat Completions chunks.');
  const choices = chunk.choices ?? [];
  const choice = choices.find((candidate) => candidate.index === 0) ?? choices[0];
  return {
    id: chunk.id ?? undefined,
    model: chunk.model ?? undefined,
    ...messagePieces(choice?.delta ?? {}),
    finishReason: choice?.finish_reason ?? undefined,
    usage: chunk.usage ?? undefined,
  };
}

export function messagePieces(message: MessageLike): Pick<ChatPiece, 'text' | 'reasoning' | 'toolCalls'> {
  const content = message.content;
  const text = typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');
  const toolCalls = [...(message.tool_calls ?? [])];
  // The pre-tools `function_call` form: one call, always the first.
  const legacy = message.function_call;
  if (legacy) toolCalls.push({ index: 0, function: { name: legacy.name, arguments: legacy.arguments } });
  return {
    // Codex and Claude Code have no refusal type in their message items, so a refusal reads as text.
    text: text + (message.refusal ?? ''),
    reasoning: reasoningText(message.reasoning_content) || reasoningText(message.reasoning),
    toolCalls,
  };
}

function reasoningText(value: unknown): string {
  if (typeof value === 'string') return value;
  const parsed = z.looseObject({ text: z.string().optional(), content: z.string().optional() }).safeParse(value);
  return parsed.success ? (parsed.data.text ?? parsed.data.content ?? '') : '';
}

/** Throws UpstreamError if the value is a `{error: …}` body. */
export function throwIfError(value: unknown): void {
  const parsed = chatErrorSchema.safeParse(value);
  if (!parsed.success) return;
  const error = parsed.data.error;
  if (typeof error === 'string') throw new UpstreamError(error, undefined);
  const code = typeof error.code === 'string' || typeof error.code === 'number' ? String(error.code) : undefined;
  throw new UpstreamError(error.message ?? 'the provider reported an error', code);
}
