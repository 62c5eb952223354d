// Translation between the model APIs the agent CLIs speak and the ones providers
// speak. Pure: no I/O; the gateway parses and writes HTTP and SSE.

export { TranslationError, UpstreamError } from './errors.js';
export type { SseEvent, TokenUsage, Translated } from './types.js';

// Codex CLI (Responses) on a Chat provider.
export {
  responsesRequestToChat,
  type ReasoningOutput,
  type ResponsesToChatContext,
  type ResponsesToChatOptions,
} from './responsesToChat.js';
export { chatCompletionToResponse } from './chatToResponses.js';
export { ChatToResponsesStream, type ResponsesEventData, type ResponsesSseEvent } from './chatToResponsesStream.js';
export type { ResponsesObject, ResponsesOutputItem } from './responsesOutput.js';

// opencode (Chat) on a Responses provider.
export { chatRequestToResponses, type ChatToResponsesContext } from './chatRequestToResponses.js';
export { responseToChatCompletion } from './responsesAnswerToChat.js';
export { ResponsesToChatStream, type ChatStreamOut } from './responsesToChatStream.js';
export type { ChatChunkOut, ChatCompletionOut, ChatStreamErrorOut } from './chatOutputTypes.js';

// Claude Code (Anthropic Messages) on a Chat provider, and through Chat on a Responses provider.
export { anthropicRequestToChat, type AnthropicToChatContext, type AnthropicToChatOptions } from './anthropicToChat.js';
export { chatCompletionToAnthropic } from './chatToAnthropic.js';
export { ChatToAnthropicStream } from './chatToAnthropicStream.js';
export {
  anthropicRequestToResponses,
  responseToAnthropic,
  ResponsesToAnthropicStream,
  type AnthropicViaResponsesContext,
} from './anthropicViaResponses.js';
export type { AnthropicEventData, AnthropicMessage, AnthropicSseEvent } from './anthropicOutputTypes.js';

export { anthropicUsage, chatUsage, responsesUsage } from './usage.js';
export { anthropicErrorBody, openAiErrorBody, providerErrorMessage } from './errorBodies.js';
