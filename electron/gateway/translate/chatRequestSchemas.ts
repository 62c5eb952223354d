import { z } from 'zod';

// Schemas for a Chat Completions request as a client (opencode) sends it.
// Messages, parts and tools are checked by role or type in a second step.

const typed = z.looseObject({ type: z.string() });

export const chatRequestSchema = z.object({
  model: z.string({ error: 'must be a string naming the model' }),
  messages: z.array(z.looseObject({ role: z.string() })).min(1, 'must hold at least one message'),
  tools: z.array(typed).nullish(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), typed]).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  reasoning_effort: z.string().nullish(),
  response_format: typed.nullish(),
  verbosity: z.enum(['low', 'medium', 'high']).nullish(),
  n: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  frequency_penalty: z.unknown().optional(),
  presence_penalty: z.unknown().optional(),
  seed: z.unknown().optional(),
  logit_bias: z.unknown().optional(),
  logprobs: z.unknown().optional(),
  top_logprobs: z.unknown().optional(),
  modalities: z.unknown().optional(),
  audio: z.unknown().optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

const content = z.union([z.string(), z.array(typed)]);

export const plainMessageSchema = z.object({ content });

export const assistantMessageSchema = z.object({
  content: content.nullish(),
  refusal: z.string().nullish(),
  tool_calls: z
    .array(
      z.object({
        id: z.string().min(1, 'id must be a non-empty string'),
        type: z.string().nullish(),
        function: z.object({ name: z.string(), arguments: z.string() }).nullish(),
        custom: z.object({ name: z.string(), input: z.string() }).nullish(),
      }),
    )
    .nullish(),
});

export const toolMessageSchema = z.object({ tool_call_id: z.string().min(1, 'tool_call_id must be a non-empty string'), content });

export const textPartSchema = z.object({ text: z.string() });
export const refusalPartSchema = z.object({ refusal: z.string() });
export const imageUrlPartSchema = z.object({ image_url: z.object({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).nullish() }) });
export const filePartSchema = z.object({
  file: z.object({ file_data: z.string().nullish(), file_id: z.string().nullish(), filename: z.string().nullish() }),
});

export const chatFunctionToolSchema = z.object({
  function: z.object({
    name: z.string().min(1, 'name must be a non-empty string'),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown().optional()).nullish(),
    strict: z.boolean().nullish(),
  }),
});

export const chatCustomToolSchema = z.object({
  custom: z.object({
    name: z.string().min(1, 'name must be a non-empty string'),
    description: z.string().nullish(),
    format: z
      .looseObject({ type: z.string(), grammar: z.object({ definition: z.string(), syntax: z.enum(['lark', 'regex']) }).nullish() })
      .nullish(),
  }),
});

export const namedChoiceSchema = z.object({ function: z.object({ name: z.string() }) });
export const namedCustomChoiceSchema = z.object({ custom: z.object({ name: z.string() }) });
export const allowedChoiceSchema = z.object({
  allowed_tools: z.object({
    mode: z.enum(['auto', 'required']),
    tools: z.array(z.looseObject({ type: z.string(), function: z.object({ name: z.string() }).nullish(), custom: z.object({ name: z.string() }).nullish() })),
  }),
});

export const jsonSchemaFormatSchema = z.object({
  json_schema: z.object({
    name: z.string(),
    schema: z.record(z.string(), z.unknown().optional()).nullish(),
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
});
