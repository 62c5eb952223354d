import type {
  ResponseCustomToolCall,
  ResponseFunctionToolCall,
  ResponseOutputMessage,
  ResponseReasoningItem,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import { z } from 'zod';
import { CUSTOM_TOOL_INPUT, type ChatToolOrigins } from './responsesTools.js';

// Builders for the Responses objects sent to a Responses client, shared by the
// JSON and the streaming converters so both give the same items.

export type ResponsesOutputItem = ResponseOutputMessage | ResponseReasoningItem | ResponseFunctionToolCall | ResponseCustomToolCall;

export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** The Response object as sent on the wire (the SDK's `Response` type adds client-side fields). */
export interface ResponsesObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  model: string;
  output: ResponsesOutputItem[];
  usage: ResponseUsage | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
}

export function responsesObject(fields: Omit<ResponsesObject, 'object'>): ResponsesObject {
  return { ...fields, object: 'response' };
}

export function messageItem(id: string, text: string, status: 'in_progress' | 'completed'): ResponseOutputMessage {
  return {
    id,
    type: 'message',
    status,
    role: 'assistant',
    content: status === 'in_progress' ? [] : [{ type: 'output_text', text, annotations: [] }],
  };
}

/** Raw Chat reasoning goes in `content` as reasoning_text, or in `summary` as summary_text. */
export function reasoningItem(id: string, text: string, as: 'reasoning_text' | 'summary', done: boolean): ResponseReasoningItem {
  const item: ResponseReasoningItem = { id, type: 'reasoning', summary: [], encrypted_content: null };
  if (!done) return item;
  if (as === 'summary') item.summary = [{ type: 'summary_text', text }];
  else item.content = [{ type: 'reasoning_text', text }];
  return item;
}

/** A Chat tool call as the Responses item its tool came from: a function call (with its namespace) or a freeform call. */
export function toolCallItem(
  id: string,
  callId: string,
  chatName: string,
  args: string,
  origins: ChatToolOrigins,
  status: 'in_progress' | 'completed',
): ResponseFunctionToolCall | ResponseCustomToolCall {
  const origin = origins.get(chatName);
  if (origin?.kind === 'custom') return { id, type: 'custom_tool_call', call_id: callId, name: origin.name, input: customToolInput(args) };
  const call: ResponseFunctionToolCall = {
    id,
    type: 'function_call',
    status,
    call_id: callId,
    name: origin?.name ?? chatName,
    arguments: args,
  };
  if (origin?.namespace !== undefined) call.namespace = origin.namespace;
  return call;
}

export function isCustomTool(chatName: string, origins: ChatToolOrigins): boolean {
  return origins.get(chatName)?.kind === 'custom';
}

const customArgumentsSchema = z.looseObject({ [CUSTOM_TOOL_INPUT]: z.string() });

/**
 * The freeform input out of the `{"input": …}` arguments. Models sometimes send
 * the raw input instead of JSON; that is then the input itself.
 */
function customToolInput(args: string): string {
  try {
    const parsed = customArgumentsSchema.safeParse(JSON.parse(args));
    return parsed.success ? parsed.data[CUSTOM_TOOL_INPUT] : args;
  } catch {
    return args;
  }
}

/** How a Chat finish_reason ends a response: `length` and `content_filter` make it incomplete. */
export function responsesEnding(finishReason: string | undefined): Pick<ResponsesObject, 'status' | 'incomplete_details'> {
  if (finishReason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finishReason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}
