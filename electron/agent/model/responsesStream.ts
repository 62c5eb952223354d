import type OpenAI from 'openai';
import type { Response, ResponseOutputItem } from 'openai/resources/responses/responses';
import type { ProviderConfig } from '../../config/provider.js';
import type { ModelReply, ModelRequest, ModelUsage, RawToolCall, StreamSink } from './modelTypes.js';
import { responsesInput, responsesTools } from './responsesInput.js';
import { StreamFailedError, StreamIncompleteError } from './streamErrors.js';

interface Assembling {
  callId: string | undefined;
  name: string;
  arguments: string;
}

export async function streamResponses(
  client: OpenAI,
  provider: ProviderConfig,
  request: ModelRequest,
  sink: StreamSink,
  options: { signal: AbortSignal; timeout: number },
): Promise<ModelReply> {
  const stream = await client.responses.create(
    {
      model: provider.model,
      instructions: request.instructions,
      input: responsesInput(request.items),
      store: false,
      stream: true,
      ...(request.tools.length > 0 ? { tools: responsesTools(request.tools), tool_choice: 'auto' as const } : {}),
      ...(provider.reasoningEffort === undefined ? {} : { reasoning: { effort: provider.reasoningEffort, summary: 'auto' as const } }),
    },
    options,
  );
  // Keyed by output_index, so the answer keeps the order the model gave its items in.
  const texts = new Map<number, string>();
  const calls = new Map<number, Assembling>();
  let final: Response | undefined;
  for await (const event of stream) {
    sink.activity();
    switch (event.type) {
      case 'response.output_text.delta':
        texts.set(event.output_index, (texts.get(event.output_index) ?? '') + event.delta);
        sink.text(event.delta);
        break;
      case 'response.output_text.done':
        texts.set(event.output_index, event.text);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        sink.reasoning(event.delta);
        break;
      case 'response.output_item.added':
      case 'response.output_item.done':
        if (event.item.type === 'function_call') calls.set(event.output_index, fromItem(event.item, calls.get(event.output_index)));
        break;
      case 'response.function_call_arguments.delta': {
        const call = calls.get(event.output_index);
        if (call === undefined) calls.set(event.output_index, { callId: undefined, name: '', arguments: event.delta });
        else call.arguments += event.delta;
        break;
      }
      case 'response.function_call_arguments.done': {
        const call = calls.get(event.output_index) ?? { callId: undefined, name: '', arguments: '' };
        call.arguments = event.arguments;
        if (event.name) call.name = event.name;
        calls.set(event.output_index, call);
        break;
      }
      case 'response.completed':
      case 'response.incomplete':
        final = event.response;
        break;
      case 'response.failed':
        throw new StreamFailedError(event.response.error?.message ?? 'the response failed', event.response.error?.code ?? undefined);
      case 'error':
        throw new StreamFailedError(event.message, event.code ?? undefined);
      default:
        break;
    }
  }
  if (final === undefined) throw new StreamIncompleteError('response.completed');
  // Servers that skip the item events still list the finished output in the final response.
  final.output.forEach((item, index) => {
    if (item.type === 'function_call' && !calls.has(index)) calls.set(index, fromItem(item, undefined));
    if (item.type === 'message' && !texts.has(index)) texts.set(index, messageText(item));
  });
  return { text: inOrder(texts).join(''), toolCalls: inOrder(calls).map(toRawCall), usage: usageOf(final) };
}

function fromItem(item: Extract<ResponseOutputItem, { type: 'function_call' }>, seen: Assembling | undefined): Assembling {
  const callId = (item.call_id as string | undefined) || seen?.callId;
  return {
    callId,
    name: item.name || (seen?.name ?? ''),
    // An added item carries empty arguments that the deltas then fill.
    arguments: item.arguments || (seen?.arguments ?? ''),
  };
}

function messageText(item: Extract<ResponseOutputItem, { type: 'message' }>): string {
  return item.content.map((part) => (part.type === 'output_text' ? part.text : '')).join('');
}

function inOrder<T>(byIndex: Map<number, T>): T[] {
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
}

function toRawCall(call: Assembling): RawToolCall {
  return { callId: call.callId, name: call.name, arguments: call.arguments };
}

function usageOf(response: Response): ModelUsage | undefined {
  const usage = response.usage;
  return usage ? { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } : undefined;
}
