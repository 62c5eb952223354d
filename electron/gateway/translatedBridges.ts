import { parsedData, type Bridge, type SseEvent, type StreamBridge } from './bridge.js';
import type { GatewayUsage } from './grants.js';
import {
  anthropicErrorBody,
  anthropicRequestToChat,
  anthropicRequestToResponses,
  chatCompletionToAnthropic,
  chatCompletionToResponse,
  chatRequestToResponses,
  ChatToAnthropicStream,
  ChatToResponsesStream,
  chatUsage,
  openAiErrorBody,
  responsesRequestToChat,
  ResponsesToAnthropicStream,
  ResponsesToChatStream,
  responsesUsage,
  responseToAnthropic,
  responseToChatCompletion,
} from './translate/index.js';

/** The translators' streams, whatever API they write. */
interface Converter<Out> {
  readonly done: boolean;
  push(input: unknown): Out[];
  finish(): Out[];
  fail(message: string): Out[];
}

const named = (event: { event: string; data: object }): SseEvent => ({ event: event.event, data: JSON.stringify(event.data) });
const unnamed = (chunk: object): SseEvent => ({ data: JSON.stringify(chunk) });

/**
 * A stream bridge over a translator: parses what the provider sends, reads its usage the way
 * the provider's API reports it, and writes what the translator makes of it.
 */
function translatedStream<Out>(converter: Converter<Out>, write: (out: Out) => SseEvent, usageOf: (input: unknown) => GatewayUsage | undefined, closing: SseEvent[] = []): StreamBridge {
  let usage: GatewayUsage | undefined;
  const out = (events: Out[]): SseEvent[] => [...events.map(write), ...(converter.done ? closing.splice(0) : [])];
  return {
    push(event) {
      if (converter.done) return [];
      if (event.data === '[DONE]') return out(converter.finish());
      const input = parsedData(event.data);
      if (input === undefined) return out(converter.fail('the model provider sent a stream event that is not JSON'));
      usage = usageOf(input) ?? usage;
      return out(converter.push(input));
    },
    end: () => (converter.done ? out([]) : out(converter.finish())),
    fail: (message) => (converter.done ? out([]) : out(converter.fail(message))),
    get done() {
      return converter.done && closing.length === 0;
    },
    usage: () => usage,
  };
}

const openAiError = (status: number, message: string): unknown => openAiErrorBody(message, status >= 500 ? 'server_error' : 'invalid_request_error', String(status));

/** What one translation is made of: the request's translator, and what to do with the answer, given what it learnt. */
interface Translation<Context, Out> {
  upstreamPath: Bridge['upstreamPath'];
  translate: (body: unknown) => { body: object; context: Context };
  answer: (body: unknown, context: Context) => unknown;
  converter: (context: Context) => Converter<Out>;
  write: (out: Out) => SseEvent;
  /** Tokens as the provider's API reports them. */
  usageOf: (input: unknown) => GatewayUsage | undefined;
  /** Sent once the client's stream is complete (Chat's `[DONE]`). */
  closing?: SseEvent[];
  error: Bridge['error'];
}

/** A bridge for one request: it keeps what the request's translation learnt for translating the answer. */
function translatedBridge<Context, Out>(translation: Translation<Context, Out>): Bridge {
  let context: Context | undefined;
  const learnt = (): Context => {
    if (context === undefined) throw new Error('the request was not translated first');
    return context;
  };
  return {
    upstreamPath: translation.upstreamPath,
    request(body, model) {
      const translated = translation.translate(body);
      context = translated.context;
      return { ...translated.body, model };
    },
    json: (body) => ({ body: translation.answer(body, learnt()), usage: translation.usageOf(body) }),
    stream: () => translatedStream(translation.converter(learnt()), translation.write, translation.usageOf, [...(translation.closing ?? [])]),
    error: translation.error,
  };
}

/** Codex CLI (Responses) on a Chat Completions provider. */
export function responsesOverChat(): Bridge {
  return translatedBridge({
    upstreamPath: '/chat/completions',
    translate: (body) => responsesRequestToChat(body),
    answer: chatCompletionToResponse,
    converter: (context) => new ChatToResponsesStream(context),
    write: named,
    usageOf: chatUsage,
    error: openAiError,
  });
}

/** opencode (Chat Completions) on a Responses provider. */
export function chatOverResponses(): Bridge {
  return translatedBridge({
    upstreamPath: '/responses',
    translate: chatRequestToResponses,
    answer: responseToChatCompletion,
    converter: (context) => new ResponsesToChatStream(context),
    write: unnamed,
    usageOf: responsesUsage,
    closing: [{ data: '[DONE]' }],
    error: openAiError,
  });
}

/** Claude Code (Anthropic Messages) on a Chat Completions provider. */
export function anthropicOverChat(): Bridge {
  return translatedBridge({
    upstreamPath: '/chat/completions',
    translate: (body) => anthropicRequestToChat(body),
    answer: chatCompletionToAnthropic,
    converter: (context) => new ChatToAnthropicStream(context),
    write: named,
    usageOf: chatUsage,
    error: anthropicErrorBody,
  });
}

/** Claude Code (Anthropic Messages) on a Responses provider, through Chat's shapes. */
export function anthropicOverResponses(): Bridge {
  return translatedBridge({
    upstreamPath: '/responses',
    translate: anthropicRequestToResponses,
    answer: responseToAnthropic,
    converter: (context) => new ResponsesToAnthropicStream(context),
    write: named,
    usageOf: responsesUsage,
    error: anthropicErrorBody,
  });
}
