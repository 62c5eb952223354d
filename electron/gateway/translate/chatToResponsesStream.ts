import type { ChatUsage, ToolCallFragment } from './chatAnswerSchemas.js';
import { readChatChunk, type ChatPiece } from './chatChunkReader.js';
import { ChatToolCallTracker } from './chatToolCallTracker.js';
import { errorCode } from './errorCodes.js';
import { newId, UniqueCallIds, unixSeconds } from './ids.js';
import {
  isCustomTool,
  messageItem,
  reasoningItem,
  responsesEnding,
  responsesObject,
  toolCallItem,
  type ResponsesObject,
  type ResponsesOutputItem,
  type ResponsesStatus,
} from './responsesOutput.js';
import type { ResponsesToChatContext } from './responsesToChat.js';
import type { SseEvent } from './types.js';
import { chatUsageToResponses } from './usageConversions.js';

export type ResponsesEventData = { type: string; sequence_number: number } & Record<string, unknown>;
export type ResponsesSseEvent = SseEvent<ResponsesEventData>;

interface OpenItem {
  id: string;
  outputIndex: number;
  text: string;
}

interface StreamedCall {
  itemId: string;
  outputIndex: number;
  callId: string;
  custom: boolean;
}

/**
 * Turns a provider's Chat Completions stream into the Responses API stream
 * Codex CLI reads. Feed it each parsed chunk with `push`, then call `finish`
 * when the provider's stream ends (`[DONE]` or end of body), or `fail` if it
 * broke off. Every call returns the events to send, in order; after the last
 * (`response.completed`, `response.incomplete` or `response.failed`) the
 * gateway closes the stream, since Codex takes the end of the stream as the
 * signal to act on `response.completed`.
 */
export class ChatToResponsesStream {
  private readonly responseId = newId('resp_');
  private readonly createdAt = unixSeconds();
  private readonly tracker = new ChatToolCallTracker();
  private readonly calls = new Map<number, StreamedCall>();
  private readonly callIds = new UniqueCallIds('call_');
  private readonly finished: { outputIndex: number; item: ResponsesOutputItem }[] = [];
  private sequence = 0;
  private nextOutputIndex = 0;
  private started = false;
  private ended = false;
  private text: OpenItem | undefined;
  private reasoning: OpenItem | undefined;
  private finishReason: string | undefined;
  private usage: ChatUsage | undefined;

  constructor(private readonly context: ResponsesToChatContext) {}

  /** True once the last event has been handed out; later calls return nothing. */
  get done(): boolean {
    return this.ended;
  }

  push(chunk: unknown): ResponsesSseEvent[] {
    if (this.ended) return [];
    const out = this.begin();
    let piece: ChatPiece;
    try {
      piece = readChatChunk(chunk);
    } catch (error) {
      return [...out, ...this.failed(error)];
    }
    if (piece.reasoning !== '' && this.context.reasoning !== 'drop') out.push(...this.reasoningDelta(piece.reasoning));
    if (piece.text !== '') out.push(...this.textDelta(piece.text));
    for (const fragment of piece.toolCalls) out.push(...this.toolFragment(fragment));
    if (piece.finishReason !== undefined) this.finishReason = piece.finishReason;
    if (piece.usage !== undefined) this.usage = piece.usage;
    return out;
  }

  finish(): ResponsesSseEvent[] {
    if (this.ended) return [];
    const out = this.begin();
    if (this.finishReason === undefined) {
      return [...out, ...this.fail("the provider's stream ended before it gave a finish_reason", 'stream_incomplete')];
    }
    out.push(...this.closeReasoning(), ...this.closeText(), ...this.closeCalls());
    const ending = responsesEnding(this.finishReason);
    this.ended = true;
    const type = ending.status === 'completed' ? 'response.completed' : 'response.incomplete';
    out.push(this.event(type, { response: this.snapshot(ending.status, ending.incomplete_details, null) }));
    return out;
  }

  /** Ends the stream with `response.failed`, e.g. when the provider's stream broke off. */
  fail(message: string, code = 'server_error'): ResponsesSseEvent[] {
    if (this.ended) return [];
    const out = this.begin();
    this.ended = true;
    out.push(this.event('response.failed', { response: this.snapshot('failed', null, { code, message }) }));
    return out;
  }

  private get reasoningMode(): 'reasoning_text' | 'summary' {
    return this.context.reasoning === 'summary' ? 'summary' : 'reasoning_text';
  }

  private failed(error: unknown): ResponsesSseEvent[] {
    return this.fail(error instanceof Error ? error.message : String(error), errorCode(error));
  }

  private begin(): ResponsesSseEvent[] {
    if (this.started) return [];
    this.started = true;
    const response = this.snapshot('in_progress', null, null);
    return [this.event('response.created', { response }), this.event('response.in_progress', { response })];
  }

  private reasoningDelta(delta: string): ResponsesSseEvent[] {
    const out = this.reasoning === undefined ? [...this.closeText(), ...this.openReasoning()] : [];
    const item = this.reasoning;
    if (item === undefined) return out;
    item.text += delta;
    const where = { item_id: item.id, output_index: item.outputIndex };
    out.push(
      this.context.reasoning === 'summary'
        ? this.event('response.reasoning_summary_text.delta', { ...where, summary_index: 0, delta })
        : this.event('response.reasoning_text.delta', { ...where, content_index: 0, delta }),
    );
    return out;
  }

  private openReasoning(): ResponsesSseEvent[] {
    const item: OpenItem = { id: newId('rs_'), outputIndex: this.nextOutputIndex++, text: '' };
    this.reasoning = item;
    const out = [this.event('response.output_item.added', { output_index: item.outputIndex, item: reasoningItem(item.id, '', this.reasoningMode, false) })];
    if (this.context.reasoning === 'summary') {
      const part = { type: 'summary_text', text: '' };
      out.push(this.event('response.reasoning_summary_part.added', { item_id: item.id, output_index: item.outputIndex, summary_index: 0, part }));
    }
    return out;
  }

  private closeReasoning(): ResponsesSseEvent[] {
    const item = this.reasoning;
    if (item === undefined) return [];
    this.reasoning = undefined;
    const where = { item_id: item.id, output_index: item.outputIndex };
    const out =
      this.context.reasoning === 'summary'
        ? [
            this.event('response.reasoning_summary_text.done', { ...where, summary_index: 0, text: item.text }),
            this.event('response.reasoning_summary_part.done', { ...where, summary_index: 0, part: { type: 'summary_text', text: item.text } }),
          ]
        : [this.event('response.reasoning_text.done', { ...where, content_index: 0, text: item.text })];
    out.push(this.itemDone(item.outputIndex, reasoningItem(item.id, item.text, this.reasoningMode, true)));
    return out;
  }

  private textDelta(delta: string): ResponsesSseEvent[] {
    const out = this.text === undefined ? [...this.closeReasoning(), ...this.openText()] : [];
    const item = this.text;
    if (item === undefined) return out;
    item.text += delta;
    out.push(this.event('response.output_text.delta', { item_id: item.id, output_index: item.outputIndex, content_index: 0, delta, logprobs: [] }));
    return out;
  }

  private openText(): ResponsesSseEvent[] {
    const item: OpenItem = { id: newId('msg_'), outputIndex: this.nextOutputIndex++, text: '' };
    this.text = item;
    const part = { type: 'output_text', text: '', annotations: [] };
    return [
      this.event('response.output_item.added', { output_index: item.outputIndex, item: messageItem(item.id, '', 'in_progress') }),
      this.event('response.content_part.added', { item_id: item.id, output_index: item.outputIndex, content_index: 0, part }),
    ];
  }

  private closeText(): ResponsesSseEvent[] {
    const item = this.text;
    if (item === undefined) return [];
    this.text = undefined;
    const where = { item_id: item.id, output_index: item.outputIndex, content_index: 0 };
    const part = { type: 'output_text', text: item.text, annotations: [] };
    return [
      this.event('response.output_text.done', { ...where, text: item.text, logprobs: [] }),
      this.event('response.content_part.done', { ...where, part }),
      this.itemDone(item.outputIndex, messageItem(item.id, item.text, 'completed')),
    ];
  }

  private toolFragment(fragment: ToolCallFragment): ResponsesSseEvent[] {
    const { call, argumentsDelta } = this.tracker.add(fragment);
    const streamed = this.calls.get(call.order);
    if (streamed !== undefined) {
      if (streamed.custom || argumentsDelta === '') return [];
      return [this.event('response.function_call_arguments.delta', { item_id: streamed.itemId, output_index: streamed.outputIndex, delta: argumentsDelta })];
    }
    // Announced only once the name is known, since the name decides the item type.
    if (call.name === '') return [];
    return this.announce(call.order, call.id, call.name, call.arguments);
  }

  private announce(order: number, id: string | undefined, name: string, args: string): ResponsesSseEvent[] {
    const out = [...this.closeReasoning(), ...this.closeText()];
    const streamed: StreamedCall = {
      itemId: newId('fc_'),
      outputIndex: this.nextOutputIndex++,
      callId: this.callIds.take(id),
      custom: isCustomTool(name, this.context.toolOrigins),
    };
    this.calls.set(order, streamed);
    const item = toolCallItem(streamed.itemId, streamed.callId, name, '', this.context.toolOrigins, 'in_progress');
    out.push(this.event('response.output_item.added', { output_index: streamed.outputIndex, item }));
    // A freeform call's input is known only once its JSON arguments are whole, so it gets no deltas.
    if (!streamed.custom && args !== '') {
      out.push(this.event('response.function_call_arguments.delta', { item_id: streamed.itemId, output_index: streamed.outputIndex, delta: args }));
    }
    return out;
  }

  private closeCalls(): ResponsesSseEvent[] {
    const out: ResponsesSseEvent[] = [];
    for (const call of this.tracker.calls()) {
      if (call.name === '' && call.arguments === '') continue;
      if (!this.calls.has(call.order)) out.push(...this.announce(call.order, call.id, call.name, call.arguments));
      const streamed = this.calls.get(call.order);
      if (streamed === undefined) continue;
      const item = toolCallItem(streamed.itemId, streamed.callId, call.name, call.arguments, this.context.toolOrigins, 'completed');
      if (item.type === 'function_call') {
        out.push(
          this.event('response.function_call_arguments.done', {
            item_id: streamed.itemId,
            output_index: streamed.outputIndex,
            name: item.name,
            arguments: item.arguments,
          }),
        );
      }
      out.push(this.itemDone(streamed.outputIndex, item));
    }
    return out;
  }

  private itemDone(outputIndex: number, item: ResponsesOutputItem): ResponsesSseEvent {
    this.finished.push({ outputIndex, item });
    return this.event('response.output_item.done', { output_index: outputIndex, item });
  }

  private snapshot(
    status: ResponsesStatus,
    incompleteDetails: ResponsesObject['incomplete_details'],
    error: ResponsesObject['error'],
  ): ResponsesObject {
    return responsesObject({
      id: this.responseId,
      created_at: this.createdAt,
      model: this.context.model,
      status,
      output: [...this.finished].sort((a, b) => a.outputIndex - b.outputIndex).map((entry) => entry.item),
      usage: this.usage === undefined ? null : chatUsageToResponses(this.usage),
      error,
      incomplete_details: incompleteDetails,
    });
  }

  private event(type: string, fields: Record<string, unknown>): ResponsesSseEvent {
    return { event: type, data: { type, sequence_number: this.sequence++, ...fields } };
  }
}
