import type {
  FunctionTool,
  ResponseCreateParams,
  ResponseTextConfig,
  Tool,
  ToolChoiceOptions,
  ToolChoiceAllowed,
  ToolChoiceCustom,
  ToolChoiceFunction,
} from 'openai/resources/responses/responses';
import type { ReasoningEffort } from 'openai/resources/shared';
import { chatMessagesToResponsesInput } from './chatMessagesToResponsesInput.js';
import {
  allowedChoiceSchema,
  chatCustomToolSchema,
  chatFunctionToolSchema,
  chatRequestSchema,
  jsonSchemaFormatSchema,
  namedChoiceSchema,
  namedCustomChoiceSchema,
  type ChatRequest,
} from './chatRequestSchemas.js';
import { TranslationError } from './errors.js';
import type { Translated } from './types.js';
import { parseOrThrow } from './validate.js';

/** What the answer converters need to know about the request. */
export interface ChatToResponsesContext {
  model: string;
  /** The client asked for a usage chunk at the end of the stream (`stream_options.include_usage`). */
  includeUsage: boolean;
}

const EFFORTS: readonly string[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] satisfies ReasoningEffort[];
const TOOL_FIX = 'Send tools as {type:"function", function:{name, parameters}}.';
const DROPPED_SETTINGS = ['stop', 'frequency_penalty', 'presence_penalty', 'seed', 'logit_bias', 'logprobs', 'top_logprobs', 'modalities', 'audio'] as const;

/**
 * A Chat Completions request as a Responses API request, for a provider that
 * speaks only Responses. `store` is false: the gateway keeps no state, so the
 * provider needs to keep none either.
 */
export function chatRequestToResponses(body: unknown): Translated<ResponseCreateParams, ChatToResponsesContext> {
  const request = parseOrThrow(chatRequestSchema, body, 'request', 'Send a Chat Completions request body (model, messages, …).');
  if (typeof request.n === 'number' && request.n > 1) {
    throw new TranslationError('request.n', 'the Responses API gives one answer per request', 'Leave n unset or 1.');
  }
  const notes: string[] = [];
  for (const setting of DROPPED_SETTINGS) {
    if (request[setting] !== undefined && request[setting] !== null) notes.push(`${setting} left out: the Responses API has no such setting`);
  }
  const { instructions, input } = chatMessagesToResponsesInput(request.messages, notes);
  const tools = responsesTools(request.tools ?? [], notes);
  const toolChoice = tools.length === 0 ? undefined : responsesToolChoice(request.tool_choice);
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  const text = textConfig(request, notes);
  const responses: ResponseCreateParams = {
    model: request.model,
    input,
    store: false,
    ...(instructions === undefined ? {} : { instructions }),
    ...(tools.length > 0 ? { tools } : {}),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(tools.length > 0 && typeof request.parallel_tool_calls === 'boolean' ? { parallel_tool_calls: request.parallel_tool_calls } : {}),
    ...(typeof maxTokens === 'number' ? { max_output_tokens: maxTokens } : {}),
    ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
    ...(typeof request.top_p === 'number' ? { top_p: request.top_p } : {}),
    ...reasoning(request.reasoning_effort, notes),
    ...(text === undefined ? {} : { text }),
    ...(request.stream === true ? { stream: true } : {}),
  };
  return { body: responses, context: { model: request.model, includeUsage: request.stream_options?.include_usage === true }, notes };
}

function responsesTools(tools: readonly { type: string }[], notes: string[]): Tool[] {
  return tools.flatMap((tool, index): Tool[] => {
    const where = `request.tools[${index}]`;
    if (tool.type === 'function') {
      const fn = parseOrThrow(chatFunctionToolSchema, tool, where, TOOL_FIX).function;
      const converted: FunctionTool = {
        type: 'function',
        name: fn.name,
        parameters: fn.parameters ?? { type: 'object', properties: {} },
        // The Responses API makes a tool strict unless told otherwise; Chat's default is not strict.
        strict: fn.strict ?? false,
        ...(fn.description ? { description: fn.description } : {}),
      };
      return [converted];
    }
    if (tool.type === 'custom') {
      const custom = parseOrThrow(chatCustomToolSchema, tool, where, TOOL_FIX).custom;
      const grammar = custom.format?.type === 'grammar' ? custom.format.grammar : undefined;
      return [
        {
          type: 'custom',
          name: custom.name,
          ...(custom.description ? { description: custom.description } : {}),
          ...(grammar ? { format: { type: 'grammar', definition: grammar.definition, syntax: grammar.syntax } } : {}),
        },
      ];
    }
    notes.push(`tool of type '${tool.type}' left out: the Responses API has no such tool`);
    return [];
  });
}

function responsesToolChoice(
  choice: ChatRequest['tool_choice'],
): ToolChoiceOptions | ToolChoiceFunction | ToolChoiceCustom | ToolChoiceAllowed | undefined {
  if (choice === null || choice === undefined || typeof choice === 'string') return choice ?? undefined;
  const fix = 'Send tool_choice as "auto", "none", "required" or {type:"function", function:{name}}.';
  switch (choice.type) {
    case 'function':
      return { type: 'function', name: parseOrThrow(namedChoiceSchema, choice, 'request.tool_choice', fix).function.name };
    case 'custom':
      return { type: 'custom', name: parseOrThrow(namedCustomChoiceSchema, choice, 'request.tool_choice', fix).custom.name };
    case 'allowed_tools': {
      const allowed = parseOrThrow(allowedChoiceSchema, choice, 'request.tool_choice', fix).allowed_tools;
      return {
        type: 'allowed_tools',
        mode: allowed.mode,
        tools: allowed.tools.map((tool) => ({ type: tool.type, name: tool.function?.name ?? tool.custom?.name })),
      };
    }
    default:
      throw new TranslationError('request.tool_choice.type', `'${choice.type}' is not a Chat tool_choice`, fix);
  }
}

function reasoning(effort: string | null | undefined, notes: string[]): Pick<ResponseCreateParams, 'reasoning'> {
  if (effort === null || effort === undefined) return {};
  if (EFFORTS.includes(effort)) return { reasoning: { effort: effort as ReasoningEffort } };
  notes.push(`reasoning_effort '${effort}' left out: the Responses API does not know it`);
  return {};
}

function textConfig(request: ChatRequest, notes: string[]): ResponseTextConfig | undefined {
  const format = request.response_format;
  const verbosity = request.verbosity ? { verbosity: request.verbosity } : {};
  if (format === null || format === undefined || format.type === 'text') return request.verbosity ? verbosity : undefined;
  if (format.type === 'json_object') return { ...verbosity, format: { type: 'json_object' } };
  if (format.type === 'json_schema') {
    const spec = parseOrThrow(jsonSchemaFormatSchema, format, 'request.response_format', 'Give json_schema a name and a schema.').json_schema;
    return {
      ...verbosity,
      format: {
        type: 'json_schema',
        name: spec.name,
        schema: spec.schema ?? {},
        ...(spec.description ? { description: spec.description } : {}),
        ...(typeof spec.strict === 'boolean' ? { strict: spec.strict } : {}),
      },
    };
  }
  notes.push(`response_format of type '${format.type}' left out: the Responses API does not know it`);
  return request.verbosity ? verbosity : undefined;
}
