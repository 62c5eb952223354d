import { z } from 'zod';

// Schemas for what a Responses provider answers: the Response object and the
// stream events. Output items are checked by type in a second step so unknown
// item types (web_search_call, …) pass through the first one.

export const responsesUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
});

export type ResponsesUsage = z.infer<typeof responsesUsageSchema>;

export const responseSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  output: z.array(z.looseObject({ type: z.string(), id: z.string().nullish() })).nullish(),
  usage: responsesUsageSchema.nullish(),
  error: z.looseObject({ message: z.string().nullish(), code: z.string().nullish() }).nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
});

export type ResponsesAnswer = z.infer<typeof responseSchema>;

export const outputMessageSchema = z.looseObject({
  content: z.array(z.looseObject({ type: z.string(), text: z.string().nullish(), refusal: z.string().nullish() })),
});

export const outputFunctionCallSchema = z.looseObject({
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  namespace: z.string().nullish(),
});

export const outputCustomCallSchema = z.looseObject({ call_id: z.string(), name: z.string(), input: z.string() });

export const outputReasoningSchema = z.looseObject({
  summary: z.array(z.looseObject({ text: z.string() })).nullish(),
  content: z.array(z.looseObject({ text: z.string() })).nullish(),
});

export const streamEventSchema = z.looseObject({ type: z.string() });

export const deltaEventSchema = z.looseObject({
  delta: z.string(),
  item_id: z.string().nullish(),
  output_index: z.number().nullish(),
  summary_index: z.number().nullish(),
});

export const itemEventSchema = z.looseObject({
  item: z.looseObject({ type: z.string(), id: z.string().nullish() }),
  output_index: z.number().nullish(),
});

export const responseEventSchema = z.looseObject({ response: responseSchema });

export const errorEventSchema = z.looseObject({ message: z.string().nullish(), code: z.string().nullish() });
