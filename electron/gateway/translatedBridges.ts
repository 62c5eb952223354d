import type { Bridge, SseEvent, StreamBridge } from './bridge.js';
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

function parsed(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
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
      const input = parsed(event.data);
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

/** Codex CLI (Responses) on a Chat Completions provider. */
export function responsesOverChat(): Bridge {
  let context: ReturnType<typeof responsesRequestToChat>['context'] | undefined;
  const ready = (): NonNullable<typeof context> => {
    if (!context) throw new Error('the request was not translated first');
    return context;
  };
  return {
    upstreamPath: '/chat/completions',
    request(body, model) {
      const translated = responsesRequestToChat(body);
      context = translated.context;
      return { ...translated.body, model };
    },
    json: (body) => ({ body: chatCompletionToResponse(body, ready()), usage: chatUsage(body) }),
    stream: () => translatedStream(new ChatToResponsesStream(ready()), named, chatUsage),
    error: openAiError,
  };
}

/** opencode (Chat Completions) on a Responses provider. */
export function chatOverResponses(): Bridge {
  let context: ReturnType<typeof chatRequestToResponses>['context'] | undefined;
  const ready = (): NonNullable<typeof context> => {
    if (!context) throw new Error('the request was not translated first');
    return context;
  };
  return {
    upstreamPath: '/responses',
    request(body, model) {
      const translated = chatRequestToResponses(body);
      context = translated.context;
      return { ...translated.body, model };
    },
    json: (body) => ({ body: responseToChatCompletion(body, ready()), usage: responsesUsage(body) }),
    stream: () => translatedStream(new ResponsesToChatStream(ready()), unnamed, responsesUsage, [{ data: '[DONE]' }]),
    error: openAiError,
  };
}

/** Claude Code (Anthropic Messages) on a Chat Completions provider. */
export function anthropicOverChat(): Bridge {
  let context: ReturnType<typeof anthropicRequestToChat>['context'] | undefined;
  const ready = (): NonNullable<typeof context> => {
    if (!context) throw new Error('the request was not translated first');
    return context;
  };
  return {
    upstreamPath: '/chat/completions',
    request(body, model) {
      const translated = anthropicRequestToChat(body);
      context = translated.context;
      return { ...translated.body, model };
    },
    json: (body) => ({ body: chatCompletionToAnthropic(body, ready()), usage: chatUsage(body) }),
    stream: () => translatedStream(new ChatToAnthropicStream(ready()), named, chatUsage),
    error: (status, message) => anthropicErrorBody(status, message),
  };
}

/** Claude Code (Anthropic Messages) on a Responses provider, through Chat's shapes. */
export function anthropicOverResponses(): Bridge {
  let context: ReturnType<typeof anthropicRequestToResponses>['context'] | undefined;
  const ready = (): NonNullable<typeof context> => {
    if (!context) throw new Error('the request was not translated first');
    return context;
  };
  return {
    upstreamPath: '/responses',
    request(body, model) {
      const translated = anthropicRequestToResponses(body);
      context = translated.context;
      return { ...translated.body, model };
    },
    json: (body) => ({ body: responseToAnthropic(body, ready()), usage: responsesUsage(body) }),
    stream: () => translatedStream(new ResponsesToAnthropicStream(ready()), named, responsesUsage),
    error: (status, message) => anthropicErrorBody(status, message),
  };
}
