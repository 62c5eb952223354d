import type { EventBody } from '../../../shared/events.js';
import type { TaskMode, ToolHost } from '../types.js';
import type { ToolName } from './toolSpecs.js';

/** A tool call with its id made unique in the conversation. */
export interface ToolCall {
  callId: string;
  name: string;
  arguments: string;
}

export interface ToolContext {
  host: ToolHost;
  emit: (event: EventBody) => void;
  signal: AbortSignal;
  mode: TaskMode;
  /** Absolute path in the sandbox where commands start unless they name a workdir. */
  workdir: string;
  defaultTimeoutMs: number;
  /** The tools this turn offers the model. */
  offered: readonly ToolName[];
  /** Findings reported so far in this turn, which report_finding caps. */
  findings: { count: number };
}
