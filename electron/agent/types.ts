import type { EventBody, OutputStream } from '../../shared/events.js';
import type { ProviderConfig } from '../config/provider.js';
import type { FileChange } from './patch/index.js';

/**
 * The narrow interface between the task runner and the agent: the runner owns
 * the sandbox and the event log, the agent owns the model conversation.
 */

import type { TaskMode } from '../../shared/modes.js';

export type { TaskMode };

export interface ExecRequest {
  callId: string;
  command: string[];
  /** Absolute path inside the sandbox; defaults to the workspace root. */
  cwd: string;
  timeoutMs: number;
  onOutput: (stream: OutputStream, text: string) => void;
  signal: AbortSignal;
}

export interface ExecOutcome {
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
}

/** What the agent may do to the sandbox; implemented by the runner over Docker. */
export interface ToolHost {
  /** The workspace root inside the sandbox, e.g. /workspace. */
  readonly workspaceRoot: string;
  exec(request: ExecRequest): Promise<ExecOutcome>;
  /** Reads a workspace-relative file; null when it does not exist. */
  readFile(relativePath: string): Promise<Buffer | null>;
  /** Writes a planned patch: every change or, on failure, none. */
  writeChanges(changes: FileChange[]): Promise<void>;
}

/** The persisted, provider-neutral conversation, so a follow-up (even after a restart) continues it. */
export type ConversationItem =
  | { role: 'user'; text: string }
  | { role: 'assistant'; text: string }
  | { role: 'tool_call'; callId: string; name: string; arguments: string }
  | { role: 'tool_result'; callId: string; output: string }
  | { role: 'summary'; text: string };

export interface TurnInput {
  taskId: string;
  turn: number;
  mode: TaskMode;
  prompt: string;
  provider: ProviderConfig;
  /** The conversation so far (empty for a task's first turn). */
  conversation: ConversationItem[];
  /** User-level instructions from settings, added after the built-in prompt. */
  userInstructions?: string;
  /**
   * Workspace-relative folder the agent starts in (default: the root). AGENTS.md files are
   * read from the root down to it, and shell commands run there unless they name a workdir.
   */
  workingDirectory?: string;
  host: ToolHost;
  /**
   * Where AGENTS.md files are read from; defaults to the host. The runner reads them from
   * its git mirror, so the first model request need not wait for the workspace to fill.
   */
  readInstructionsFile?: (relativePath: string) => Promise<Buffer | null>;
  emit: (event: EventBody) => void;
  signal: AbortSignal;
  limits?: Partial<AgentLimits>;
}

export interface AgentLimits {
  /** Model requests in one turn before it fails as a runaway loop. */
  maxSteps: number;
  maxRetries: number;
  streamIdleTimeoutMs: number;
  defaultCommandTimeoutMs: number;
  /** Used for compaction when the provider does not say. */
  contextWindow: number;
}

export interface TurnOutcome {
  /** The model's final answer without a tool call. */
  summary: string;
  conversation: ConversationItem[];
  usage: { inputTokens: number; outputTokens: number };
}
