import type { ChatCompletionContentPartImage, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { ChatMessageBuilder, type ChatUserPart } from './chatMessageBuilder.js';
import { TranslationError } from './errors.js';
import {
  customToolCallItemSchema,
  functionCallItemSchema,
  imagePartSchema,
  messageItemSchema,
  refusalPartSchema,
  textPartSchema,
  toolOutputItemSchema,
  type ResponsesRequest,
} from './responsesRequestSchemas.js';
import { CUSTOM_TOOL_INPUT, flatToolName } from './responsesTools.js';
import { parseOrThrow } from './validate.js';

const ITEM_FIX = 'Send input items as the Responses API defines them (message, function_call, function_call_output, …).';

/**
 * The Responses `instructions` and `input` as Chat messages. Reasoning items are
 * left out: they are the model's own earlier thinking, which Chat servers either
 * reject in requests or ignore.
 */
export function responsesInputToMessages(
  instructions: string | null | undefined,
  input: ResponsesRequest['input'],
  notes: string[],
): ChatCompletionMessageParam[] {
  const builder = new ChatMessageBuilder();
  if (instructions) builder.system(instructions);
  if (typeof input === 'string') builder.user([{ type: 'text', text: input }]);
  else (input ?? []).forEach((item, index) => addItem(builder, item, `request.input[${index}]`, notes));
  return builder.build();
}

function addItem(builder: ChatMessageBuilder, item: { type?: string; role?: unknown }, where: string, notes: string[]): void {
  // EasyInputMessage leaves `type` out.
  const type = item.type ?? (item.role === undefined ? undefined : 'message');
  switch (type) {
    case 'message': {
      const message = parseOrThrow(messageItemSchema, item, where, ITEM_FIX);
      const parts = contentParts(message.content, `${where}.content`, notes);
      if (message.role === 'user') builder.user(parts);
      else if (message.role === 'assistant') builder.assistantText(textOf(parts, ''));
      else builder.system(textOf(parts, '\n'));
      return;
    }
    case 'function_call': {
      const call = parseOrThrow(functionCallItemSchema, item, where, ITEM_FIX);
      builder.toolCall(call.call_id, flatToolName(call.namespace, call.name), call.arguments);
      return;
    }
    case 'custom_tool_call': {
      const call = parseOrThrow(customToolCallItemSchema, item, where, ITEM_FIX);
      builder.toolCall(call.call_id, call.name, JSON.stringify({ [CUSTOM_TOOL_INPUT]: call.input }));
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const result = parseOrThrow(toolOutputItemSchema, item, where, ITEM_FIX);
      const parts = contentParts(result.output, `${where}.output`, notes);
      builder.toolResult(result.call_id, textOf(parts, '\n'), parts.filter(isImage));
      return;
    }
    case 'reasoning':
      return;
    case 'item_reference':
      throw new TranslationError(
        where,
        'an item_reference points at an item stored by the provider, and a Chat Completions provider stores none',
        'Send the referenced item itself in input.',
      );
    case undefined:
      throw new TranslationError(`${where}.type`, 'the item has neither a type nor a role', ITEM_FIX);
    default:
      notes.push(`${where} of type '${type}' left out: Chat Completions has no such item`);
  }
}

function contentParts(content: string | readonly { type?: string }[], where: string, notes: string[]): ChatUserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.flatMap((part, index): ChatUserPart[] => {
    const at = `${where}[${index}]`;
    switch (part.type) {
      case 'input_text':
      case 'output_text':
      case 'text':
        return [{ type: 'text', text: parseOrThrow(textPartSchema, part, at, 'Give text parts a string `text`.').text }];
      case 'refusal':
        return [{ type: 'text', text: parseOrThrow(refusalPartSchema, part, at, 'Give refusal parts a string `refusal`.').refusal }];
      case 'input_image': {
        const image = parseOrThrow(imagePartSchema, part, at, 'Give image parts an `image_url` string.');
        if (!image.image_url) {
          notes.push(`${at} left out: an image by file_id needs the provider's file store; send image_url (a data: URL works)`);
          return [];
        }
        return [imageUrlPart(image.image_url, image.detail)];
      }
      default:
        notes.push(`${at} of type '${part.type ?? '(none)'}' left out: Chat Completions takes only text and images here`);
        return [];
    }
  });
}

function imageUrlPart(url: string, detail: string | null | undefined): ChatCompletionContentPartImage {
  const chatDetail = detail === 'low' || detail === 'high' || detail === 'auto' ? detail : undefined;
  return { type: 'image_url', image_url: chatDetail === undefined ? { url } : { url, detail: chatDetail } };
}

function textOf(parts: readonly ChatUserPart[], separator: string): string {
  return parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join(separator);
}

function isImage(part: ChatUserPart): part is ChatCompletionContentPartImage {
  return part.type === 'image_url';
}
