import { z } from 'zod';

// Schemas for what a Chat Completions provider answers, full JSON or stream
// chunks. Loose on purpose: local servers add fields, leave fields out, send
// null for absent, and some send tool-call arguments as an object.

export const chatUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
});

export type ChatUsage = z.infer<typeof chatUsageSchema>;

export const toolCallFragmentSchema = z.looseObject({
  index: z.number().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.unknown().optional() }).nullish(),
  custom: z.looseObject({ name: z.string().nullish(), input: z.string().nullish() }).nullish(),
});

export type ToolCallFragment = z.infer<typeof toolCallFragmentSchema>;

const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string().optional(), text: z.string().optional() }))]);

/** Fields shared by a message and a delta, including the reasoning fields local servers add. */
const messageFields = {
  content: contentSchema.nullish(),
  refusal: z.string().nullish(),
  // llama.cpp, vLLM and DeepSeek send `reasoning_content`; Ollama and OpenRouter send `reasoning`.
  reasoning_content: z.unknown().optional(),
  reasoning: z.unknown().optional(),
  tool_calls: z.array(toolCallFragmentSchema).nullish(),
  function_call: z.looseObject({ name: z.string().nullish(), arguments: z.unknown().optional() }).nullish(),
};

export const chatCompletionSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(z.looseObject({ index: z.number().nullish(), finish_reason: z.string().nullish(), message: z.looseObject(messageFields) }))
    .min(1, 'the answer has no choices'),
  usage: chatUsageSchema.nullish(),
});

export const chatChunkSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  // Some servers leave `choices` out of the usage chunk at the end.
  choices: z
    .array(z.looseObject({ index: z.number().nullish(), finish_reason: z.string().nullish(), delta: z.looseObject(messageFields).nullish() }))
    .nullish(),
  usage: chatUsageSchema.nullish(),
});

/** The `{error: {...}}` body some servers send as a chunk or a 200 answer instead of failing the request. */
export const chatErrorSchema = z.looseObject({
  error: z.union([z.string(), z.looseObject({ message: z.string().nullish(), code: z.unknown().optional(), type: z.string().nullish() })]),
});
