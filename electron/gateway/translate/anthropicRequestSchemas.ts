import { z } from 'zod';

// Schemas for an Anthropic Messages request as Claude Code sends it. Blocks and
// tools are checked by type in a second step, so a block type with no Chat form
// can be left out with a note.

const typed = z.looseObject({ type: z.string() });

export const anthropicRequestSchema = z.object({
  model: z.string({ error: 'must be a string naming the model' }),
  max_tokens: z.number().int().positive().nullish(),
  system: z.union([z.string(), z.array(typed)]).nullish(),
  // Claude Code also puts `system` messages between the turns (its environment notes).
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant', 'system']), content: z.union([z.string(), z.array(typed)]) })),
  tools: z.array(z.looseObject({ name: z.string(), type: z.string().nullish() })).nullish(),
  tool_choice: z
    .looseObject({
      type: z.enum(['auto', 'any', 'tool', 'none']),
      name: z.string().nullish(),
      disable_parallel_tool_use: z.boolean().nullish(),
    })
    .nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().nullish(),
  stream: z.boolean().nullish(),
});

export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;

export const textBlockSchema = z.object({ text: z.string() });

export const imageBlockSchema = z.object({
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
    z.object({ type: z.literal('url'), url: z.string() }),
  ]),
});

export const toolUseBlockSchema = z.object({ id: z.string().min(1, 'id must be a non-empty string'), name: z.string(), input: z.unknown().optional() });

export const toolResultBlockSchema = z.object({
  tool_use_id: z.string().min(1, 'tool_use_id must be a non-empty string'),
  content: z.union([z.string(), z.array(typed)]).nullish(),
  is_error: z.boolean().nullish(),
});

export const customToolSchema = z.object({
  name: z.string().min(1, 'name must be a non-empty string'),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown().optional()),
});
