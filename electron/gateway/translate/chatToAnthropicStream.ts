import type { AnthropicContentBlock, AnthropicEventData, AnthropicSseEvent } from './anthropicOutputTypes.js';
import type { AnthropicToChatContext } from './anthropicToChat.js';
import type { ChatUsage, ToolCallFragment } from './chatAnswerSchemas.js';
import { readChatChunk, type ChatPiece } from './chatChunkReader.js';
import { anthropicStopReason } from './chatToAnthropic.js';
import { ChatToolCallTracker } from './chatToolCallTracker.js';
import { newId, UniqueCallIds } from './ids.js';
import { chatUsageToAnthropic } from './usageConversions.js';

type OpenKind = 'text' | 'thinking' | 'tool_use';

/**
 * Turns a provider's Chat Completions stream into the Anthropic Messages stream
 * Claude Code reads: message_start, content blocks (thinking, text, tool_use)
 * one after the other, message_delta with the stop reason and usage, and
 * message_stop. Feed it each parsed chunk with `push`, then call `finish` when
 * the provider's stream ends, or `fail` if it broke off (an `error` event).
 */
export class ChatToAnthropicStream {
  private readonly messageId = newId('msg_');
  private readonly tracker = new ChatToolCallTracker();
  private readonly toolBlocks = new Map<number, number>();
  private readonly toolIds = new UniqueCallIds('toolu_');
  private nextBlockIndex = 0;
  private open: { kind: OpenKind; index: number } | undefined;
  private started = false;
  private ended = false;
  private finishReason: string | undefined;
  private usage: ChatUsage | undefined;

  constructor(private readonly context: AnthropicToChatContext) {}

  get done(): boolean {
    return this.ended;
  }

  push(chunk: unknown): AnthropicSseEvent[] {
    if (this.ended) return [];
    let piece: ChatPiece;
    try {
      piece = readChatChunk(chunk);
    } catch (error) {
      return this.fail(error instanceof Error ? error.message : String(error));
    }
    const out = this.begin();
    if (piece.reasoning !== '') out.push(...this.blockDelta('thinking', { type: 'thinking_delta', thinking: piece.reasoning }));
    if (piece.text !== '') out.push(...this.blockDelta('text', { type: 'text_delta', text: piece.text }));
    for (const fragment of piece.toolCalls) out.push(...this.toolFragment(fragment));
    if (piece.finishReason !== undefined) this.finishReason = piece.finishReason;
    if (piece.usage !== undefined) this.usage = piece.usage;
    return out;
  }

  finish(): AnthropicSseEvent[] {
    if (this.ended) return [];
    if (this.finishReason === undefined) return this.fail("the provider's stream ended before it gave a finish_reason");
    const out = this.begin();
    for (const call of this.tracker.calls()) {
      const unopened = !this.toolBlocks.has(call.order) && (call.name !== '' || call.arguments !== '');
      if (unopened) out.push(...this.openTool(call.order, call.id, call.name, call.arguments));
    }
    out.push(...this.closeOpen());
    this.ended = true;
    const usage = chatUsageToAnthropic(this.usage);
    out.push(
      event('message_delta', {
        delta: { stop_reason: anthropicStopReason(this.finishReason, this.toolBlocks.size > 0), stop_sequence: null },
        usage,
      }),
      event('message_stop', {}),
    );
    return out;
  }

  /** Ends the stream with an `error` event, which Claude Code reports and may retry. */
  fail(message: string): AnthropicSseEvent[] {
    if (this.ended) return [];
    this.ended = true;
    return [event('error', { error: { type: 'api_error', message } })];
  }

  private begin(): AnthropicSseEvent[] {
    if (this.started) return [];
    this.started = true;
    const message = {
      id: this.messageId,
      type: 'message',
      role: 'assistant',
      model: this.context.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // A Chat stream tells usage only at its end; message_delta carries it.
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    return [event('message_start', { message })];
  }

  private blockDelta(kind: 'text' | 'thinking', delta: Record<string, unknown>): AnthropicSseEvent[] {
    const empty: AnthropicContentBlock = kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    const out = this.open?.kind === kind ? [] : this.openBlock(kind, empty);
    const index = this.open?.index ?? 0;
    out.push(event('content_block_delta', { index, delta }));
    return out;
  }

  private toolFragment(fragment: ToolCallFragment): AnthropicSseEvent[] {
    const { call, argumentsDelta } = this.tracker.add(fragment);
    const index = this.toolBlocks.get(call.order);
    if (index === undefined) {
      // The block opens once the name is known, since tool_use starts with it.
      return call.name === '' ? [] : this.openTool(call.order, call.id, call.name, call.arguments);
    }
    // A server that interleaves parallel calls sends to a block already stopped; Claude Code gathers deltas by index.
    return argumentsDelta === '' ? [] : [event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: argumentsDelta } })];
  }

  private openTool(order: number, id: string | undefined, name: string, args: string): AnthropicSseEvent[] {
    const out = this.openBlock('tool_use', { type: 'tool_use', id: this.toolIds.take(id), name, input: {} });
    const index = this.open?.index ?? 0;
    this.toolBlocks.set(order, index);
    if (args !== '') out.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: args } }));
    return out;
  }

  private openBlock(kind: OpenKind, block: AnthropicContentBlock): AnthropicSseEvent[] {
    const out = this.closeOpen();
    const index = this.nextBlockIndex++;
    this.open = { kind, index };
    out.push(event('content_block_start', { index, content_block: block }));
    return out;
  }

  private closeOpen(): AnthropicSseEvent[] {
    if (this.open === undefined) return [];
    const { index } = this.open;
    this.open = undefined;
    return [event('content_block_stop', { index })];
  }
}

function event(type: string, fields: Record<string, unknown>): AnthropicSseEvent {
  const data: AnthropicEventData = { type, ...fields };
  return { event: type, data };
}
