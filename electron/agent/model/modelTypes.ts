import type { ToolSpec } from '../tools/tool.js';
import type { ConversationItem } from '../types.js';

export interface ModelRequest {
  instructions: string;
  items: readonly ConversationItem[];
  /** Empty for requests that must answer in text, such as the compaction summary. */
  tools: readonly ToolSpec[];
  /** Whether text and reasoning deltas reach the user as agent.delta and agent.reasoning events. */
  showText: boolean;
}

/** A tool call as the server sent it: the id may be missing or repeated, the arguments may not be JSON. */
export interface RawToolCall {
  callId: string | undefined;
  name: string;
  arguments: string;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelReply {
  text: string;
  toolCalls: RawToolCall[];
  usage: ModelUsage | undefined;
}

/** Where a wire's stream parser reports what it reads. */
export interface StreamSink {
  text(delta: string): void;
  reasoning(delta: string): void;
  /** Called for every event received, so an idle watchdog can tell a slow stream from a dead one. */
  activity(): void;
}
