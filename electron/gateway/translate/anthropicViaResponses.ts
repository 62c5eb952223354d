import type { ResponseCreateParams } from 'openai/resources/responses/responses';
import type { AnthropicMessage, AnthropicSseEvent } from './anthropicOutputTypes.js';
import { anthropicRequestToChat, type AnthropicToChatContext } from './anthropicToChat.js';
import { chatRequestToResponses, type ChatToResponsesContext } from './chatRequestToResponses.js';
import { chatCompletionToAnthropic } from './chatToAnthropic.js';
import { ChatToAnthropicStream } from './chatToAnthropicStream.js';
import { responseToChatCompletion } from './responsesAnswerToChat.js';
import { ResponsesToChatStream } from './responsesToChatStream.js';
import type { Translated } from './types.js';

// Claude Code on a Responses-only provider: Anthropic → Chat → Responses for the
// request, and back through Chat for the answer. Chat is the common middle, so
// no third pair of converters is needed.

export interface AnthropicViaResponsesContext {
  anthropic: AnthropicToChatContext;
  chat: ChatToResponsesContext;
}

export function anthropicRequestToResponses(body: unknown): Translated<ResponseCreateParams, AnthropicViaResponsesContext> {
  const chat = anthropicRequestToChat(body);
  const responses = chatRequestToResponses(chat.body);
  // `stop` cannot reach a Responses provider; the note about it stands for stop_sequences.
  const notes = [...chat.notes, ...responses.notes.map((note) => note.replace(/^stop left out/, 'stop_sequences left out'))];
  return { body: responses.body, context: { anthropic: chat.context, chat: responses.context }, notes };
}

export function responseToAnthropic(body: unknown, context: AnthropicViaResponsesContext): AnthropicMessage {
  return chatCompletionToAnthropic(responseToChatCompletion(body, context.chat), context.anthropic);
}

/** A Responses stream as an Anthropic stream; same `push`/`finish`/`fail` contract as the other stream converters. */
export class ResponsesToAnthropicStream {
  private readonly chat: ResponsesToChatStream;
  private readonly anthropic: ChatToAnthropicStream;

  constructor(context: AnthropicViaResponsesContext) {
    // The usage chunk is what carries the token counts into message_delta.
    this.chat = new ResponsesToChatStream({ ...context.chat, includeUsage: true });
    this.anthropic = new ChatToAnthropicStream(context.anthropic);
  }

  get done(): boolean {
    return this.anthropic.done;
  }

  push(event: unknown): AnthropicSseEvent[] {
    return this.relay(this.chat.push(event));
  }

  finish(): AnthropicSseEvent[] {
    return [...this.relay(this.chat.finish()), ...this.anthropic.finish()];
  }

  fail(message: string): AnthropicSseEvent[] {
    return this.anthropic.fail(message);
  }

  private relay(chatOut: ReturnType<ResponsesToChatStream['push']>): AnthropicSseEvent[] {
    const out = chatOut.flatMap((item) => ('error' in item ? this.anthropic.fail(item.error.message) : this.anthropic.push(item)));
    // The Chat side ends on response.completed; the Anthropic side then closes its message.
    if (this.chat.done) out.push(...this.anthropic.finish());
    return out;
  }
}
