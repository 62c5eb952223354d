import type OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ProviderConfig } from '../../config/provider.js';
import { chatMessages, chatTools } from './chatMessages.js';
import { ChatToolCallAssembler } from './chatToolCalls.js';
import type { ModelReply, ModelRequest, ModelUsage, StreamSink } from './modelTypes.js';
import { StreamIncompleteError } from './streamErrors.js';

/** Fields local servers add to deltas for a model's thinking: llama.cpp and vLLM use the first, Ollama and OpenRouter the second. */
type LocalDelta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: unknown; reasoning?: unknown };

export async function streamChat(
  client: OpenAI,
  provider: ProviderConfig,
  request: ModelRequest,
  sink: StreamSink,
  options: { signal: AbortSignal; timeout: number },
): Promise<ModelReply> {
  const stream = await client.chat.completions.create(
    {
      model: provider.model,
      messages: chatMessages(request.instructions, request.items),
      stream: true,
      stream_options: { include_usage: true },
      ...(request.tools.length > 0 ? { tools: chatTools(request.tools), tool_choice: 'auto' as const } : {}),
      ...(provider.reasoningEffort === undefined ? {} : { reasoning_effort: provider.reasoningEffort }),
    },
    options,
  );
  const calls = new ChatToolCallAssembler();
  let text = '';
  let usage: ModelUsage | undefined;
  let finished = false;
  for await (const chunk of stream) {
    sink.activity();
    if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
    // Some servers leave `choices` out of their usage chunk. Only the first choice matters: the agent never asks for several.
    const choices: ChatCompletionChunk.Choice[] = (chunk.choices as ChatCompletionChunk.Choice[] | undefined) ?? [];
    const choice = choices.find((candidate) => candidate.index === 0) ?? choices[0];
    if (choice === undefined) continue;
    const delta = choice.delta as LocalDelta | undefined;
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') sink.reasoning(reasoning);
    if (typeof delta?.content === 'string' && delta.content !== '') {
      text += delta.content;
      sink.text(delta.content);
    }
    for (const toolCall of delta?.tool_calls ?? []) calls.add(toolCall);
    // The finish reason is not trusted for what it says ('stop' arrives with tool calls), only for the answer being whole.
    if (choice.finish_reason) finished = true;
  }
  if (!finished) throw new StreamIncompleteError('finish_reason');
  return { text, toolCalls: calls.finish(), usage };
}
