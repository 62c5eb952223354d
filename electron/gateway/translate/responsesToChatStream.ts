import type { ChatToResponsesContext } from './chatRequestToResponses.js';
import type { ChatChunkOut, ChatDeltaOut, ChatStreamErrorOut } from './chatOutputTypes.js';
import { errorCode } from './errorCodes.js';
import { newId, unixSeconds } from './ids.js';
import {
  deltaEventSchema,
  errorEventSchema,
  itemEventSchema,
  outputCustomCallSchema,
  outputFunctionCallSchema,
  outputMessageSchema,
  responseEventSchema,
  streamEventSchema,
} from './responsesAnswerSchemas.js';
import { chatFinishReason, readOutput, readResponse } from './responsesAnswerReader.js';
import { responsesUsageToChat } from './usageConversions.js';
import { parseOrThrow } from './validate.js';

/** One `data:` line of a Chat stream: a chunk, or an error the way OpenAI reports one mid-stream. */
export type ChatStreamOut = ChatChunkOut | ChatStreamErrorOut;

interface StreamedCall {
  index: number;
  callId: string;
  sentArguments: string;
}

const EVENT_FIX = 'The provider must stream Responses API events.';

/**
 * Turns a provider's Responses stream into a Chat Completions stream for a Chat
 * client. Feed it each parsed event with `push`, then call `finish` when the
 * provider's stream ends, or `fail` if it broke off. The gateway writes each
 * returned object as a `data:` line and, after the last, `data: [DONE]`.
 */
export class ResponsesToChatStream {
  private readonly id = newId('chatcmpl-');
  private readonly created = unixSeconds();
  private readonly calls = new Map<string, StreamedCall>();
  private readonly textSeen = new Set<string>();
  private readonly callIdsSent = new Set<string>();
  private toolCount = 0;
  private started = false;
  private ended = false;
  private reasoningKey: string | undefined;

  constructor(private readonly context: ChatToResponsesContext) {}

  get done(): boolean {
    return this.ended;
  }

  push(event: unknown): ChatStreamOut[] {
    if (this.ended) return [];
    const out = this.begin();
    try {
      out.push(...this.translate(event));
    } catch (error) {
      out.push(...this.fail(error instanceof Error ? error.message : String(error), errorCode(error)));
    }
    return out;
  }

  finish(): ChatStreamOut[] {
    if (this.ended) return [];
    return this.fail("the provider's stream ended before response.completed", 'stream_incomplete');
  }

  fail(message: string, code: string | null = 'server_error'): ChatStreamOut[] {
    if (this.ended) return [];
    this.ended = true;
    return [{ error: { message, type: 'server_error', code } }];
  }

  private translate(value: unknown): ChatStreamOut[] {
    const event = parseOrThrow(streamEventSchema, value, 'provider event', EVENT_FIX);
    switch (event.type) {
      case 'response.output_text.delta': {
        const delta = parseOrThrow(deltaEventSchema, event, event.type, EVENT_FIX);
        this.textSeen.add(itemKey(delta.item_id, delta.output_index));
        return [this.chunk({ content: delta.delta })];
      }
      case 'response.refusal.delta': {
        const delta = parseOrThrow(deltaEventSchema, event, event.type, EVENT_FIX);
        this.textSeen.add(itemKey(delta.item_id, delta.output_index));
        return [this.chunk({ refusal: delta.delta })];
      }
      case 'response.reasoning_text.delta':
      case 'response.reasoning_summary_text.delta': {
        const delta = parseOrThrow(deltaEventSchema, event, event.type, EVENT_FIX);
        // Summary parts and reasoning items read as paragraphs of one text.
        const key = `${itemKey(delta.item_id, delta.output_index)}/${delta.summary_index ?? 0}`;
        const separator = this.reasoningKey !== undefined && this.reasoningKey !== key ? '\n\n' : '';
        this.reasoningKey = key;
        return [this.chunk({ reasoning_content: separator + delta.delta })];
      }
      case 'response.output_item.added':
        return this.itemAdded(event);
      case 'response.function_call_arguments.delta':
        return this.argumentsDelta(event);
      case 'response.output_item.done':
        return this.itemDone(event);
      case 'response.completed':
      case 'response.incomplete':
        return this.completed(event);
      case 'response.failed':
        readResponse(parseOrThrow(responseEventSchema, event, event.type, EVENT_FIX).response, `${event.type}.response`);
        return this.fail('the provider reported a failed response');
      case 'error': {
        const error = parseOrThrow(errorEventSchema, event, event.type, EVENT_FIX);
        return this.fail(error.message ?? 'the provider reported an error', error.code ?? null);
      }
      default:
        return [];
    }
  }

  private itemAdded(event: { type: string }): ChatStreamOut[] {
    const { item, output_index: outputIndex } = parseOrThrow(itemEventSchema, event, event.type, EVENT_FIX);
    if (item.type !== 'function_call') return [];
    const call = parseOrThrow(outputFunctionCallSchema.partial({ arguments: true }), item, `${event.type}.item`, EVENT_FIX);
    return [this.startCall(itemKey(item.id, outputIndex), itemKey(undefined, outputIndex), call.call_id, call.name, call.arguments ?? '')];
  }

  private argumentsDelta(event: { type: string }): ChatStreamOut[] {
    const delta = parseOrThrow(deltaEventSchema, event, event.type, EVENT_FIX);
    const call = this.calls.get(itemKey(delta.item_id, delta.output_index)) ?? this.calls.get(itemKey(undefined, delta.output_index));
    if (call === undefined) return [];
    call.sentArguments += delta.delta;
    return [this.chunk({ tool_calls: [{ index: call.index, function: { arguments: delta.delta } }] })];
  }

  private itemDone(event: { type: string }): ChatStreamOut[] {
    const { item, output_index: outputIndex } = parseOrThrow(itemEventSchema, event, event.type, EVENT_FIX);
    const key = itemKey(item.id, outputIndex);
    if (item.type === 'function_call') {
      const call = parseOrThrow(outputFunctionCallSchema, item, `${event.type}.item`, EVENT_FIX);
      const streamed = this.calls.get(key) ?? this.calls.get(itemKey(undefined, outputIndex));
      if (streamed === undefined) return [this.startCall(key, itemKey(undefined, outputIndex), call.call_id, call.name, call.arguments)];
      // Some servers send fewer deltas than the whole; the rest is sent here. A mismatch cannot be taken back.
      const rest = call.arguments.startsWith(streamed.sentArguments) ? call.arguments.slice(streamed.sentArguments.length) : '';
      streamed.sentArguments = call.arguments;
      return rest === '' ? [] : [this.chunk({ tool_calls: [{ index: streamed.index, function: { arguments: rest } }] })];
    }
    if (item.type === 'custom_tool_call') {
      const call = parseOrThrow(outputCustomCallSchema, item, `${event.type}.item`, EVENT_FIX);
      this.callIdsSent.add(call.call_id);
      const index = this.nextToolIndex();
      return [this.chunk({ tool_calls: [{ index, id: call.call_id, type: 'custom', custom: { name: call.name, input: call.input } }] })];
    }
    if (item.type === 'message' && !this.textSeen.has(key)) {
      // A server that skipped the text deltas still lists the text in the finished item.
      const content = parseOrThrow(outputMessageSchema, item, `${event.type}.item`, EVENT_FIX).content;
      const text = content.map((part) => (part.type === 'output_text' ? (part.text ?? '') : '')).join('');
      this.textSeen.add(key);
      return text === '' ? [] : [this.chunk({ content: text })];
    }
    return [];
  }

  private completed(event: { type: string }): ChatStreamOut[] {
    const response = readResponse(parseOrThrow(responseEventSchema, event, event.type, EVENT_FIX).response, `${event.type}.response`);
    const out: ChatStreamOut[] = [];
    // Calls the provider listed only in the final response, without item events.
    for (const call of readOutput(response.output ?? [], `${event.type}.response.output`).toolCalls) {
      if (this.callIdsSent.has(call.callId)) continue;
      if (call.kind === 'function') out.push(this.startCall(`#final:${call.callId}`, `#final:${call.callId}`, call.callId, call.name, call.arguments));
      else {
        this.callIdsSent.add(call.callId);
        const custom = { name: call.name, input: call.input };
        out.push(this.chunk({ tool_calls: [{ index: this.nextToolIndex(), id: call.callId, type: 'custom', custom }] }));
      }
    }
    this.ended = true;
    out.push(this.chunk({}, chatFinishReason(response, this.callIdsSent.size > 0)));
    if (this.context.includeUsage && response.usage) out.push({ ...this.chunk({}), choices: [], usage: responsesUsageToChat(response.usage) });
    return out;
  }

  private startCall(key: string, indexKey: string, callId: string, name: string, args: string): ChatChunkOut {
    const call: StreamedCall = { index: this.nextToolIndex(), callId, sentArguments: args };
    this.calls.set(key, call);
    this.calls.set(indexKey, call);
    this.callIdsSent.add(callId);
    return this.chunk({ tool_calls: [{ index: call.index, id: callId, type: 'function', function: { name, arguments: args } }] });
  }

  private nextToolIndex(): number {
    return this.toolCount++;
  }

  private begin(): ChatStreamOut[] {
    if (this.started) return [];
    this.started = true;
    return [this.chunk({ role: 'assistant', content: '' })];
  }

  private chunk(delta: ChatDeltaOut, finishReason: ChatChunkOut['choices'][number]['finish_reason'] = null): ChatChunkOut {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.context.model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    };
  }
}

/** Items are found by id where the provider gives one, else by output index. */
function itemKey(id: string | null | undefined, outputIndex: number | null | undefined): string {
  return id ? `id:${id}` : `#${outputIndex ?? 0}`;
}
