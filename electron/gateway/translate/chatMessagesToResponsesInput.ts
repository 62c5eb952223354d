import type { ResponseInputContent, ResponseInputItem } from 'openai/resources/responses/responses';
import {
  assistantMessageSchema,
  filePartSchema,
  imageUrlPartSchema,
  plainMessageSchema,
  refusalPartSchema,
  textPartSchema,
  toolMessageSchema,
} from './chatRequestSchemas.js';
import { TranslationError } from './errors.js';
import { parseOrThrow } from './validate.js';

const MESSAGE_FIX = 'Send messages as Chat Completions defines them (system, user, assistant, tool).';

/**
 * Chat messages as Responses `instructions` and `input`. System and developer
 * messages before the first other message become the instructions, since some
 * Responses backends refuse those roles inside input; later ones stay in place
 * as developer messages.
 */
export function chatMessagesToResponsesInput(
  messages: readonly { role: string }[],
  notes: string[],
): { instructions: string | undefined; input: ResponseInputItem[] } {
  const instructions: string[] = [];
  const input: ResponseInputItem[] = [];
  const customCallIds = new Set<string>();
  messages.forEach((message, index) => {
    const where = `request.messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOnly(parseOrThrow(plainMessageSchema, message, where, MESSAGE_FIX).content, `${where}.content`);
        if (input.length === 0) instructions.push(text);
        else input.push({ role: 'developer', content: text });
        return;
      }
      case 'user': {
        const content = parseOrThrow(plainMessageSchema, message, where, MESSAGE_FIX).content;
        input.push({ role: 'user', content: userContent(content, `${where}.content`, notes) });
        return;
      }
      case 'assistant':
        addAssistant(parseOrThrow(assistantMessageSchema, message, where, MESSAGE_FIX), input, customCallIds, where);
        return;
      case 'tool': {
        const result = parseOrThrow(toolMessageSchema, message, where, MESSAGE_FIX);
        const output = textOnly(result.content, `${where}.content`);
        input.push(
          customCallIds.has(result.tool_call_id)
            ? { type: 'custom_tool_call_output', call_id: result.tool_call_id, output }
            : { type: 'function_call_output', call_id: result.tool_call_id, output },
        );
        return;
      }
      default:
        throw new TranslationError(
          `${where}.role`,
          `role '${message.role}' cannot be translated`,
          'Use system, developer, user, assistant or tool; send function results as tool messages.',
        );
    }
  });
  return { instructions: instructions.length === 0 ? undefined : instructions.join('\n\n'), input };
}

function addAssistant(
  message: ReturnType<typeof assistantMessageSchema.parse>,
  input: ResponseInputItem[],
  customCallIds: Set<string>,
  where: string,
): void {
  const content = message.content === null || message.content === undefined ? '' : textOnly(message.content, `${where}.content`);
  const text = content + (message.refusal ?? '');
  if (text !== '') input.push({ role: 'assistant', content: text });
  (message.tool_calls ?? []).forEach((call, index) => {
    if (call.custom) {
      customCallIds.add(call.id);
      input.push({ type: 'custom_tool_call', call_id: call.id, name: call.custom.name, input: call.custom.input });
    } else if (call.function) {
      input.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
    } else {
      throw new TranslationError(
        `${where}.tool_calls[${index}]`,
        'the tool call has neither function nor custom',
        'Give each tool call a function {name, arguments}.',
      );
    }
  });
}

function userContent(content: string | readonly { type: string }[], where: string, notes: string[]): string | ResponseInputContent[] {
  if (typeof content === 'string') return content;
  return content.flatMap((part, index): ResponseInputContent[] => {
    const at = `${where}[${index}]`;
    switch (part.type) {
      case 'text':
        return [{ type: 'input_text', text: parseOrThrow(textPartSchema, part, at, 'Give text parts a string `text`.').text }];
      case 'image_url': {
        const image = parseOrThrow(imageUrlPartSchema, part, at, 'Give image parts an image_url {url}.').image_url;
        return [{ type: 'input_image', image_url: image.url, detail: image.detail ?? 'auto' }];
      }
      case 'file': {
        const file = parseOrThrow(filePartSchema, part, at, 'Give file parts a file {file_data or file_id}.').file;
        return [
          {
            type: 'input_file',
            ...(file.file_data ? { file_data: file.file_data } : {}),
            ...(file.file_id ? { file_id: file.file_id } : {}),
            ...(file.filename ? { filename: file.filename } : {}),
          },
        ];
      }
      default:
        notes.push(`${at} of type '${part.type}' left out: the Responses API takes text, images and files here`);
        return [];
    }
  });
}

/** Text of a content that may only hold text (system, assistant and tool messages). */
function textOnly(content: string | readonly { type: string }[], where: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((part, index) => {
      const at = `${where}[${index}]`;
      if (part.type === 'text') return parseOrThrow(textPartSchema, part, at, 'Give text parts a string `text`.').text;
      if (part.type === 'refusal') return parseOrThrow(refusalPartSchema, part, at, 'Give refusal parts a string `refusal`.').refusal;
      throw new TranslationError(
        at,
        `a part of type '${part.type}' cannot stand in this message`,
        'Send only text parts in system, assistant and tool messages.',
      );
    })
    .join('');
}
