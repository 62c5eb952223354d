import { z } from 'zod';
import { chatUsageSchema } from './chatAnswerSchemas.js';
import { responsesUsageSchema } from './responsesAnswerSchemas.js';
import type { TokenUsage } from './types.js';

// Token counts out of any API's final answer or stream event, for the gateway's
// records. They never throw: a body without usage gives undefined.

const chatCarrier = z.looseObject({ usage: chatUsageSchema });

/** From a Chat completion, or the stream chunk that carries usage (the last one, with `include_usage`). */
export function chatUsage(value: unknown): TokenUsage | undefined {
  const parsed = chatCarrier.safeParse(value);
  if (!parsed.success) return undefined;
  const usage = parsed.data.usage;
  return { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 };
}

const responsesCarrier = z.union([
  z.looseObject({ response: z.looseObject({ usage: responsesUsageSchema }) }).transform((event) => event.response.usage),
  z.looseObject({ usage: responsesUsageSchema }).transform((response) => response.usage),
]);

/** From a Response object, or a `response.completed` / `response.incomplete` / `response.failed` event. */
export function responsesUsage(value: unknown): TokenUsage | undefined {
  const parsed = responsesCarrier.safeParse(value);
  if (!parsed.success) return undefined;
  return { inputTokens: parsed.data.input_tokens ?? 0, outputTokens: parsed.data.output_tokens ?? 0 };
}

const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
});

const anthropicCarrier = z.union([
  z.looseObject({ message: z.looseObject({ usage: anthropicUsageSchema }) }).transform((event) => event.message.usage),
  z.looseObject({ usage: anthropicUsageSchema }).transform((body) => body.usage),
]);

/**
 * From an Anthropic message, or a `message_start` / `message_delta` event. Input
 * counts cache reads and writes, which Anthropic counts apart. The message_delta
 * events this module writes carry both counts; use the last one.
 */
export function anthropicUsage(value: unknown): TokenUsage | undefined {
  const parsed = anthropicCarrier.safeParse(value);
  if (!parsed.success) return undefined;
  const usage = parsed.data;
  return {
    inputTokens: (usage.input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0),
    outputTokens: usage.output_tokens ?? 0,
  };
}
