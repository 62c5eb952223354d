import { z } from 'zod';

// Schemas for a Responses API request as a client (Codex CLI) sends it. Items and
// parts are checked in two steps: first only their `type`, then the fields that
// type needs, so an unknown type can be left out with a note instead of failing.

const typed = z.looseObject({ type: z.string().optional() });

export const responsesRequestSchema = z.object({
  model: z.string({ error: 'must be a string naming the model' }),
  instructions: z.string().nullish(),
  input: z.union([z.string(), z.array(z.looseObject({ type: z.string().optional(), role: z.unknown().optional() }))]).optional(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.looseObject({ type: z.string() })]).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stream: z.boolean().nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish() }).nullish(),
  text: z
    .looseObject({
      format: z.looseObject({ type: z.string() }).nullish(),
      verbosity: z.enum(['low', 'medium', 'high']).nullish(),
    })
    .nullish(),
  previous_response_id: z.string().nullish(),
  conversation: z.unknown().optional(),
  background: z.boolean().nullish(),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

export const messageItemSchema = z.object({
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(typed)]),
});

export const functionCallItemSchema = z.object({
  call_id: z.string().min(1, 'call_id must be a non-empty string'),
  name: z.string().min(1, 'name must be a non-empty string'),
  arguments: z.string(),
  namespace: z.string().nullish(),
});

export const customToolCallItemSchema = z.object({
  call_id: z.string().min(1, 'call_id must be a non-empty string'),
  name: z.string().min(1, 'name must be a non-empty string'),
  input: z.string(),
});

export const toolOutputItemSchema = z.object({
  call_id: z.string().min(1, 'call_id must be a non-empty string'),
  output: z.union([z.string(), z.array(typed)]),
});

export const textPartSchema = z.object({ text: z.string() });
export const refusalPartSchema = z.object({ refusal: z.string() });
export const imagePartSchema = z.object({
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});

export const functionToolSchema = z.object({
  name: z.string().min(1, 'name must be a non-empty string'),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown().optional()).nullish(),
  strict: z.boolean().nullish(),
});

export const customToolSchema = z.object({
  name: z.string().min(1, 'name must be a non-empty string'),
  description: z.string().nullish(),
  format: z
    .looseObject({ type: z.string(), syntax: z.string().nullish(), definition: z.string().nullish() })
    .nullish(),
});

export const namespaceToolSchema = z.object({
  name: z.string().min(1, 'name must be a non-empty string'),
  description: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })),
});

export const namedToolChoiceSchema = z.object({ name: z.string().min(1, 'name must be a non-empty string') });

export const allowedToolsChoiceSchema = z.object({
  mode: z.enum(['auto', 'required']),
  tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })),
});

export const textFormatSchema = z.object({
  name: z.string().nullish(),
  schema: z.record(z.string(), z.unknown().optional()),
  description: z.string().nullish(),
  strict: z.boolean().nullish(),
});
