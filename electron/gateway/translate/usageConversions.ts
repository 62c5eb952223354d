import type { CompletionUsage } from 'openai/resources/completions';
import type { ResponseUsage } from 'openai/resources/responses/responses';
import type { ChatUsage } from './chatAnswerSchemas.js';
import type { ResponsesUsage } from './responsesAnswerSchemas.js';

// Token counts from one API's usage object to another's. Counts a server left
// out are 0; totals a server left out are the sum.

export function chatUsageToResponses(usage: ChatUsage): ResponseUsage {
  const input = usage.prompt_tokens ?? 0;
  const output = usage.completion_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0, cache_write_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens ?? input + output,
  };
}

export function responsesUsageToChat(usage: ResponsesUsage): CompletionUsage {
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: usage.total_tokens ?? input + output,
    prompt_tokens_details: { cached_tokens: usage.input_tokens_details?.cached_tokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.output_tokens_details?.reasoning_tokens ?? 0 },
  };
}

/** Anthropic counts cache reads apart from input_tokens, where OpenAI counts them inside. */
export function chatUsageToAnthropic(usage: ChatUsage | undefined): { input_tokens: number; output_tokens: number; cache_read_input_tokens: number } {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_read_input_tokens: cached,
  };
}
