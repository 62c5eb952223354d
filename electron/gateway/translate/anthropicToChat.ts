import type {
  ChatCompletionContentPartImage,
  ChatCompletionCreateParams,
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import {
  anthropicRequestSchema,
  customToolSchema,
  imageBlockSchema,
  textBlockSchema,
  toolResultBlockSchema,
  toolUseBlockSchema,
  type AnthropicRequest,
} from './anthropicRequestSchemas.js';
import { ChatMessageBuilder, type ChatUserPart } from './chatMessageBuilder.js';
import type { Translated } from './types.js';
import { parseOrThrow } from './validate.js';

export interface AnthropicToChatOptions {
  /** `max_tokens` (the default) is what local servers know; OpenAI's reasoning models want `max_completion_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

export interface AnthropicToChatContext {
  model: string;
}

const SYSTEM_FIX = 'Give system blocks a string `text`.';
const BLOCK_FIX = 'Send content blocks as the Messages API defines them (text, image, tool_use, tool_result).';

/**
 * An Anthropic Messages request as a Chat Completions request. Thinking blocks,
 * the `thinking` setting, cache_control and metadata have no Chat form and are
 * dropped without a note, since Claude Code sends them on every request.
 */
export function anthropicRequestToChat(
  body: unknown,
  options: AnthropicToChatOptions = {},
): Translated<ChatCompletionCreateParams, AnthropicToChatContext> {
  const request = parseOrThrow(anthropicRequestSchema, body, 'request', 'Send an Anthropic Messages request body (model, max_tokens, messages, …).');
  const notes: string[] = [];
  const builder = new ChatMessageBuilder();
  // System messages between the turns join the system prompt: many local chat templates accept one system message, first.
  const system = [request.system, ...request.messages.filter((message) => message.role === 'system').map((message) => message.content)]
    .map((part) => systemText(part))
    .filter((text) => text !== '')
    .join('\n\n');
  if (system !== '') builder.system(system);
  request.messages.forEach((message, index) => {
    const where = `request.messages[${index}].content`;
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'user') addUserBlocks(builder, blocks, where, notes);
    else if (message.role === 'assistant') addAssistantBlocks(builder, blocks, where, notes);
  });
  const tools = chatTools(request.tools ?? [], notes);
  const toolChoice = tools.length === 0 ? undefined : chatToolChoice(request.tool_choice);
  if (typeof request.top_k === 'number') notes.push('top_k left out: Chat Completions has no such setting');
  const chat: ChatCompletionCreateParams = {
    model: request.model,
    messages: builder.build(),
    ...(tools.length > 0 ? { tools } : {}),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(tools.length > 0 && request.tool_choice?.disable_parallel_tool_use === true ? { parallel_tool_calls: false } : {}),
    ...(typeof request.max_tokens === 'number' ? { [options.maxTokensField ?? 'max_tokens']: request.max_tokens } : {}),
    ...(request.stop_sequences && request.stop_sequences.length > 0 ? { stop: request.stop_sequences } : {}),
    ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
    ...(typeof request.top_p === 'number' ? { top_p: request.top_p } : {}),
    ...(request.stream === true ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
  return { body: chat, context: { model: request.model }, notes };
}

function systemText(system: AnthropicRequest['system']): string {
  if (system === null || system === undefined) return '';
  if (typeof system === 'string') return system;
  return system
    .flatMap((block, index) => (block.type === 'text' ? [parseOrThrow(textBlockSchema, block, `request.system[${index}]`, SYSTEM_FIX).text] : []))
    .filter((text) => text !== '')
    .join('\n\n');
}

function addUserBlocks(builder: ChatMessageBuilder, blocks: readonly { type: string }[], where: string, notes: string[]): void {
  const parts: ChatUserPart[] = [];
  blocks.forEach((block, index) => {
    const at = `${where}[${index}]`;
    if (block.type === 'tool_result') {
      const result = parseOrThrow(toolResultBlockSchema, block, at, BLOCK_FIX);
      const content = typeof result.content === 'string' ? [{ type: 'text', text: result.content }] : (result.content ?? []);
      const resultParts = contentParts(content, `${at}.content`, notes);
      const text = resultParts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
      // Chat has no error flag on tool results, so the model is told in words.
      builder.toolResult(result.tool_use_id, result.is_error === true ? `Error: ${text}` : text, resultParts.filter(isImage));
    } else {
      parts.push(...contentParts([block], where, notes, index));
    }
  });
  builder.user(parts);
}

function addAssistantBlocks(builder: ChatMessageBuilder, blocks: readonly { type: string }[], where: string, notes: string[]): void {
  blocks.forEach((block, index) => {
    const at = `${where}[${index}]`;
    switch (block.type) {
      case 'text':
        builder.assistantText(parseOrThrow(textBlockSchema, block, at, BLOCK_FIX).text);
        return;
      case 'tool_use': {
        const call = parseOrThrow(toolUseBlockSchema, block, at, BLOCK_FIX);
        builder.toolCall(call.id, call.name, JSON.stringify(call.input ?? {}));
        return;
      }
      case 'thinking':
      case 'redacted_thinking':
        return;
      default:
        notes.push(`${at} of type '${block.type}' left out: Chat Completions has no such block`);
    }
  });
}

function contentParts(blocks: readonly { type: string }[], where: string, notes: string[], firstIndex = 0): ChatUserPart[] {
  return blocks.flatMap((block, offset): ChatUserPart[] => {
    const at = `${where}[${firstIndex + offset}]`;
    switch (block.type) {
      case 'text':
        return [{ type: 'text', text: parseOrThrow(textBlockSchema, block, at, BLOCK_FIX).text }];
      case 'image': {
        const source = parseOrThrow(imageBlockSchema, block, at, 'Give image blocks a base64 or url source.').source;
        const url = source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
        return [{ type: 'image_url', image_url: { url } }];
      }
      default:
        notes.push(`${at} of type '${block.type}' left out: Chat Completions takes only text and images here`);
        return [];
    }
  });
}

function chatTools(tools: readonly { name: string; type?: string | null }[], notes: string[]): ChatCompletionFunctionTool[] {
  return tools.flatMap((tool, index): ChatCompletionFunctionTool[] => {
    // Anthropic's own tools (web_search_…, bash_…, text_editor_…) carry a dated type and run on Anthropic's side.
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      notes.push(`tool '${tool.name}' of type '${tool.type}' left out: a Chat provider has no Anthropic server tools`);
      return [];
    }
    const custom = parseOrThrow(customToolSchema, tool, `request.tools[${index}]`, 'Give each tool a name and an input_schema.');
    return [
      {
        type: 'function',
        function: { name: custom.name, ...(custom.description ? { description: custom.description } : {}), parameters: custom.input_schema },
      },
    ];
  });
}

function chatToolChoice(choice: AnthropicRequest['tool_choice']): ChatCompletionToolChoiceOption | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return choice.name ? { type: 'function', function: { name: choice.name } } : 'required';
  }
}

function isImage(part: ChatUserPart): part is ChatCompletionContentPartImage {
  return part.type === 'image_url';
}
