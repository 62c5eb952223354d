import type {
  ChatCompletionCreateParams,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { ReasoningEffort } from 'openai/resources/shared';
import { TranslationError } from './errors.js';
import { responsesInputToMessages } from './responsesInputToMessages.js';
import {
  allowedToolsChoiceSchema,
  namedToolChoiceSchema,
  responsesRequestSchema,
  textFormatSchema,
  type ResponsesRequest,
} from './responsesRequestSchemas.js';
import { responsesToolsToChat, type ChatToolOrigins } from './responsesTools.js';
import type { Translated } from './types.js';
import { parseOrThrow } from './validate.js';

/**
 * How the provider's reasoning reaches a Responses client: as raw reasoning text
 * (what Codex's own Chat support does; Codex shows it with `show_raw_agent_reasoning`),
 * as a reasoning summary (shown by default), or not at all.
 */
export type ReasoningOutput = 'reasoning_text' | 'summary' | 'drop';

export interface ResponsesToChatOptions {
  /** `max_tokens` (the default) is what local servers know; OpenAI's reasoning models want `max_completion_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  reasoning?: ReasoningOutput;
}

/** What the answer converters need to know about the request. */
export interface ResponsesToChatContext {
  model: string;
  toolOrigins: ChatToolOrigins;
  reasoning: ReasoningOutput;
}

const EFFORTS: readonly string[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] satisfies ReasoningEffort[];
const REQUEST_FIX = 'Send a Responses API request body (model, input, tools, …).';

/** A Responses API request as a Chat Completions request, for a provider that speaks only Chat. */
export function responsesRequestToChat(
  body: unknown,
  options: ResponsesToChatOptions = {},
): Translated<ChatCompletionCreateParams, ResponsesToChatContext> {
  const request = parseOrThrow(responsesRequestSchema, body, 'request', REQUEST_FIX);
  refuseStoredState(request);
  const notes: string[] = [];
  const messages = responsesInputToMessages(request.instructions, request.input, notes);
  const { tools, origins } = responsesToolsToChat(request.tools ?? [], notes);
  const toolChoice = tools.length === 0 ? undefined : chatToolChoice(request.tool_choice, notes);
  const chat: ChatCompletionCreateParams = {
    model: request.model,
    messages,
    ...(tools.length > 0 ? { tools } : {}),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(tools.length > 0 && typeof request.parallel_tool_calls === 'boolean' ? { parallel_tool_calls: request.parallel_tool_calls } : {}),
    ...(typeof request.max_output_tokens === 'number' ? { [options.maxTokensField ?? 'max_tokens']: request.max_output_tokens } : {}),
    ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
    ...(typeof request.top_p === 'number' ? { top_p: request.top_p } : {}),
    ...reasoningEffort(request.reasoning?.effort, notes),
    ...textSettings(request.text, notes),
    ...(request.stream === true ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
  return { body: chat, context: { model: request.model, toolOrigins: origins, reasoning: options.reasoning ?? 'reasoning_text' }, notes };
}

function refuseStoredState(request: ResponsesRequest): void {
  const fix = 'Send the whole conversation in input, as Codex does with store=false.';
  if (request.previous_response_id) {
    throw new TranslationError('request.previous_response_id', 'a Chat Completions provider keeps no earlier responses to continue from', fix);
  }
  if (request.conversation !== undefined && request.conversation !== null) {
    throw new TranslationError('request.conversation', 'a Chat Completions provider keeps no conversations', fix);
  }
  if (request.background === true) {
    throw new TranslationError('request.background', 'a Chat Completions provider cannot run a response in the background', 'Leave background unset.');
  }
}

function chatToolChoice(choice: ResponsesRequest['tool_choice'], notes: string[]): ChatCompletionToolChoiceOption | undefined {
  if (choice === null || choice === undefined || typeof choice === 'string') return choice ?? undefined;
  const fix = 'Send tool_choice as "auto", "none", "required" or {type:"function", name}.';
  switch (choice.type) {
    case 'function':
    case 'custom':
      return { type: 'function', function: { name: parseOrThrow(namedToolChoiceSchema, choice, 'request.tool_choice', fix).name } };
    case 'allowed_tools': {
      // Few Chat servers know allowed_tools; its mode alone keeps the intent that matters most.
      const allowed = parseOrThrow(allowedToolsChoiceSchema, choice, 'request.tool_choice', fix);
      notes.push(`tool_choice allowed_tools sent as '${allowed.mode}': the list of allowed tools was left out`);
      return allowed.mode;
    }
    default:
      notes.push(`tool_choice of type '${choice.type}' left out: it names a hosted tool, which a Chat provider has not`);
      return undefined;
  }
}

function reasoningEffort(effort: string | null | undefined, notes: string[]): { reasoning_effort?: ReasoningEffort } {
  if (effort === null || effort === undefined) return {};
  if (EFFORTS.includes(effort)) return { reasoning_effort: effort as ReasoningEffort };
  notes.push(`reasoning.effort '${effort}' left out: Chat Completions does not know it`);
  return {};
}

function textSettings(
  text: ResponsesRequest['text'],
  notes: string[],
): Pick<ChatCompletionCreateParams, 'response_format' | 'verbosity'> {
  const verbosity = text?.verbosity ? { verbosity: text.verbosity } : {};
  const format = text?.format;
  if (format === null || format === undefined || format.type === 'text') return verbosity;
  if (format.type === 'json_object') return { ...verbosity, response_format: { type: 'json_object' } };
  if (format.type === 'json_schema') {
    const schema = parseOrThrow(textFormatSchema, format, 'request.text.format', 'Give a json_schema format a `schema` object.');
    return {
      ...verbosity,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: schema.name ?? 'output',
          schema: schema.schema,
          ...(schema.description ? { description: schema.description } : {}),
          ...(typeof schema.strict === 'boolean' ? { strict: schema.strict } : {}),
        },
      },
    };
  }
  notes.push(`text.format of type '${format.type}' left out: Chat Completions does not know it`);
  return verbosity;
}
