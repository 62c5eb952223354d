import type { EventBody, EventType } from '../../../shared/events.js';
import type { TaskMode, ToolHost } from '../types.js';

/** A tool call with its id made unique in the conversation. */
export interface ToolCall {
  callId: string;
  name: string;
  arguments: string;
}

/** What a tool runs with; `Emits` narrows `emit` to the events the tool declares. */
export interface ToolContext<Emits extends EventType = EventType> {
  host: ToolHost;
  emit: (event: EventBody & { type: Emits }) => void;
  signal: AbortSignal;
  mode: TaskMode;
  /** Absolute path in the sandbox where commands start unless they name a workdir. */
  workdir: string;
  defaultTimeoutMs: number;
  /** The names of the tools this turn offers the model. */
  offered: readonly string[];
  /** Findings reported so far in this turn, which report_finding caps. */
  findings: { count: number };
}
