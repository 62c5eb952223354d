import type { EventBody } from '../../../shared/events.js';
/** What one line of a CLI's JSON stream means for the task. */
export type CliStreamOutcome =
  | { kind: 'event'; event: EventBody }
  | { kind: 'session'; id: string }            // the CLI's own session/thread id, for resuming
  | { kind: 'finished'; summary: string }      // the turn ended well; summary = the agent's last message
  | { kind: 'failed'; error: string };         // the turn failed, with the CLI's own error text
export interface CliStreamMapper { line(text: string): CliStreamOutcome[] }
