import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessage,
  ChatCompletionMessageCustomToolCall,
} from 'openai/resources/chat/completions';

// The Chat answers sent to a Chat client. They follow the SDK's types, plus
// `reasoning_content`, the field opencode (through the AI SDK) and most local
// servers use for a model's reasoning.

export type ChatMessageOut = ChatCompletionMessage & { reasoning_content?: string };

export type ChatCompletionOut = Omit<ChatCompletion, 'choices'> & {
  choices: (Omit<ChatCompletion.Choice, 'message'> & { message: ChatMessageOut })[];
};

export type ChatToolCallDeltaOut =
  | ChatCompletionChunk.Choice.Delta.ToolCall
  | { index: number; id: string; type: 'custom'; custom: ChatCompletionMessageCustomToolCall.Custom };

export type ChatDeltaOut = Omit<ChatCompletionChunk.Choice.Delta, 'tool_calls'> & {
  reasoning_content?: string;
  tool_calls?: ChatToolCallDeltaOut[];
};

export type ChatChunkOut = Omit<ChatCompletionChunk, 'choices'> & {
  choices: (Omit<ChatCompletionChunk.Choice, 'delta'> & { delta: ChatDeltaOut })[];
};

/** An error in the middle of a Chat stream, the way OpenAI sends one: a data line holding `{error}`. */
export interface ChatStreamErrorOut {
  error: { message: string; type: string; code: string | null };
}
