import type { ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import type { ChatToResponsesContext } from './chatRequestToResponses.js';
import type { ChatCompletionOut, ChatMessageOut } from './chatOutputTypes.js';
import { newId, unixSeconds } from './ids.js';
import { chatFinishReason, readOutput, readResponse, type ReadToolCall } from './responsesAnswerReader.js';
import { responsesUsageToChat } from './usageConversions.js';

/**
 * A provider's whole Responses answer as a Chat completion. Throws UpstreamError
 * for a failed response or an `{error}` body, TranslationError for a body that
 * is not a Response.
 */
export function responseToChatCompletion(body: unknown, context: ChatToResponsesContext): ChatCompletionOut {
  const response = readResponse(body, 'provider answer');
  const output = readOutput(response.output ?? [], 'provider answer.output');
  const message: ChatMessageOut = {
    role: 'assistant',
    content: output.text === '' && output.toolCalls.length > 0 ? null : output.text,
    refusal: output.refusal === '' ? null : output.refusal,
  };
  if (output.toolCalls.length > 0) message.tool_calls = output.toolCalls.map(chatToolCall);
  if (output.reasoning !== '') message.reasoning_content = output.reasoning;
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: unixSeconds(),
    model: context.model,
    choices: [{ index: 0, message, finish_reason: chatFinishReason(response, output.toolCalls.length > 0), logprobs: null }],
    ...(response.usage ? { usage: responsesUsageToChat(response.usage) } : {}),
  };
}

function chatToolCall(call: ReadToolCall): ChatCompletionMessageToolCall {
  return call.kind === 'function'
    ? { id: call.callId, type: 'function', function: { name: call.name, arguments: call.arguments } }
    : { id: call.callId, type: 'custom', custom: { name: call.name, input: call.input } };
}
