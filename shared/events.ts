import type { FindingPriority } from './findings.js';

/**
 * The task event log of DESIGN.md: every event is one flat object
 * {taskId, seq, ts, type, ...fields}; seq increases by one per task with no gaps.
 */

export type TaskStatus = 'queued' | 'preparing' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export const FINAL_STATUSES: readonly TaskStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export type PlanStepStatus = 'pending' | 'in_progress' | 'completed';
export interface PlanStep {
  step: string;
  status: PlanStepStatus;
}

export type OutputStream = 'stdout' | 'stderr';

/** The fields of each event type, without the envelope. */
export type EventBody =
  | { type: 'task.status'; status: TaskStatus; phase?: string }
  | { type: 'turn.started'; turn: number; prompt: string }
  /** The sandbox's workspace is filled and ready for commands; the agent may have started before. */
  | { type: 'workspace.ready'; durationMs: number }
  | { type: 'setup.output'; stream: OutputStream; text: string }
  | { type: 'agent.delta'; text: string }
  | { type: 'agent.reasoning'; text: string }
  | { type: 'agent.message'; text: string }
  | { type: 'plan.updated'; plan: PlanStep[]; explanation?: string }
  | { type: 'exec.begin'; callId: string; command: string[]; cwd: string }
  | { type: 'exec.output'; callId: string; stream: OutputStream; text: string }
  | { type: 'exec.end'; callId: string; exitCode: number; durationMs: number; timedOut: boolean }
  | { type: 'patch.applied'; callId: string; ok: boolean; files: string[]; error?: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'diff.stats'; filesChanged: number; linesAdded: number; linesRemoved: number }
  | { type: 'error'; message: string; retryable: boolean }
  /** Earlier history was replaced by a summary to fit the context window; accuracy may drop. */
  | { type: 'context.compacted'; summaryChars: number; itemsBefore: number; itemsAfter: number }
  | { type: 'log.truncated'; droppedBytes: number }
  /** A check of the environment (or of this task) starts on the turn's final tree. */
  | { type: 'check.begin'; checkId: string; name: string; command: string }
  | { type: 'check.output'; checkId: string; stream: OutputStream; text: string }
  | { type: 'check.end'; checkId: string; name: string; exitCode: number; durationMs: number; timedOut: boolean }
  /** A review found a problem in the change it reviews; lines are of the file after the change. */
  | {
      type: 'finding.reported';
      findingId: string;
      priority: FindingPriority;
      title: string;
      body: string;
      path: string;
      startLine: number;
      endLine: number;
      confidence: number | null;
    }
  /** One line of an agent CLI's own JSON stream, as it printed it (cut past 64 KiB). */
  | { type: 'agent.raw'; backend: string; line: string }
  | { type: 'turn.completed'; turn: number; summary: string }
  | { type: 'turn.failed'; turn: number; error: string };

export type EventType = EventBody['type'];

export interface EventEnvelope {
  taskId: string;
  seq: number;
  ts: number;
}

export type TaskEvent = EventEnvelope & EventBody;
