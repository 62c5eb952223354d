import { z } from 'zod';
import type { PlanStep } from '../../../shared/events.js';
import type { CliStreamMapper, CliStreamOutcome } from './cliStream.js';
import {
  DEFAULT_CWD,
  elapsedMs,
  event,
  newCallIdTag,
  nonEmpty,
  readJsonLine,
  shellLine,
  workspacePath,
  type CliStreamOptions,
} from './cliStreamParts.js';
import { shellWords } from './shellWords.js';

const tokens = z.number().int().nonnegative();

const itemSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent_message'), id: z.string(), text: z.string() }),
  z.object({ type: z.literal('reasoning'), id: z.string(), text: z.string() }),
  z.object({
    type: z.literal('command_execution'),
    id: z.string(),
    command: z.string(),
    aggregated_output: z.string().catch(''),
    exit_code: z.number().int().nullish().catch(null),
    status: z.string(),
  }),
  z.object({
    type: z.literal('file_change'),
    id: z.string(),
    changes: z.array(z.object({ path: z.string() })),
    status: z.string(),
  }),
  z.object({
    type: z.literal('todo_list'),
    id: z.string(),
    items: z.array(z.object({ text: z.string(), completed: z.boolean() })),
  }),
  z.object({ type: z.literal('error'), id: z.string(), message: z.string() }),
]);
type Item = z.output<typeof itemSchema>;
type Phase = 'item.started' | 'item.updated' | 'item.completed';

const lineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thread.started'), thread_id: z.string() }),
  z.object({ type: z.literal('turn.started') }),
  z.object({ type: z.enum(['item.started', 'item.updated', 'item.completed']), item: itemSchema }),
  z.object({
    type: z.literal('turn.completed'),
    usage: z.object({ input_tokens: tokens, output_tokens: tokens }).optional().catch(undefined),
  }),
  z.object({
    type: z.literal('turn.failed'),
    error: z.object({ message: z.string() }).optional().catch(undefined),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

// Codex reports a dropped stream it is about to retry as an `error` line like "Reconnecting... 1/5 (…)".
const RETRY_NOTICE = /^Reconnecting\b/;

/**
 * Reads `codex exec --json`: thread.started, turn.started, item.started/updated/completed,
 * turn.completed or turn.failed, and error.
 */
export class CodexStreamMapper implements CliStreamMapper {
  private readonly cwd: string;
  private readonly tag: string;
  private readonly now: () => number;
  private readonly commandStarts = new Map<string, number>();
  private readonly outputSent = new Map<string, number>();
  private lastPlan = '';
  private lastMessage = '';
  /**
   * A top-level error waits for the next line: followed by turn.failed it was the fatal one (and
   * turn.failed carries it), followed by anything else Codex went on and it was only a warning.
   */
  private heldError: string | undefined;

  constructor(options: CliStreamOptions = {}) {
    this.cwd = options.cwd ?? DEFAULT_CWD;
    this.tag = options.callIdTag ?? newCallIdTag();
    this.now = options.now ?? Date.now;
  }

  line(text: string): CliStreamOutcome[] {
    const line = readJsonLine(text, lineSchema);
    if (line === undefined) return [];
    if (line.type === 'turn.failed') {
      const error = nonEmpty(line.error?.message) ?? nonEmpty(this.heldError) ?? 'Codex reported the turn as failed without saying why';
      this.heldError = undefined;
      return [{ kind: 'failed', error }];
    }
    const outcomes = this.releaseHeldError();
    switch (line.type) {
      case 'thread.started':
        outcomes.push({ kind: 'session', id: line.thread_id });
        break;
      case 'turn.started':
        break;
      case 'error':
        if (RETRY_NOTICE.test(line.message)) outcomes.push(event({ type: 'error', message: line.message, retryable: true }));
        else this.heldError = line.message;
        break;
      case 'turn.completed':
        if (line.usage) {
          // input_tokens already includes the cached ones (cached_input_tokens is a part of it).
          outcomes.push(event({ type: 'usage', inputTokens: line.usage.input_tokens, outputTokens: line.usage.output_tokens }));
        }
        outcomes.push({ kind: 'finished', summary: this.lastMessage });
        break;
      default:
        outcomes.push(...this.item(line.type, line.item));
    }
    return outcomes;
  }

  private releaseHeldError(): CliStreamOutcome[] {
    const held = this.heldError;
    this.heldError = undefined;
    return held === undefined ? [] : [event({ type: 'error', message: held, retryable: true })];
  }

  private item(phase: Phase, item: Item): CliStreamOutcome[] {
    const completed = phase === 'item.completed';
    switch (item.type) {
      case 'agent_message':
        if (!completed) return [];
        this.lastMessage = item.text;
        return [event({ type: 'agent.message', text: item.text })];
      case 'reasoning':
        return completed && item.text.trim() !== '' ? [event({ type: 'agent.reasoning', text: item.text })] : [];
      case 'command_execution':
        return this.command(phase, item);
      case 'file_change': {
        if (!completed) return [];
        const ok = item.status === 'completed';
        const files = item.changes.map((change) => workspacePath(this.cwd, change.path));
        const callId = this.callId(item.id);
        return [
          event(ok ? { type: 'patch.applied', callId, ok, files } : { type: 'patch.applied', callId, ok, files, error: `Codex reports the change as ${item.status}` }),
        ];
      }
      case 'todo_list':
        return this.plan(item.items.map(({ text, completed: done }) => ({ step: text, status: done ? 'completed' : 'pending' })));
      case 'error':
        // Item errors are warnings Codex carries on from, such as a model it has no metadata for.
        return completed ? [event({ type: 'error', message: item.message, retryable: true })] : [];
    }
  }

  private command(phase: Phase, item: Extract<Item, { type: 'command_execution' }>): CliStreamOutcome[] {
    const callId = this.callId(item.id);
    const outcomes: CliStreamOutcome[] = [];
    let started = this.commandStarts.get(callId);
    if (started === undefined) {
      started = this.now();
      this.commandStarts.set(callId, started);
      const words = shellWords(item.command);
      const command = words === undefined || words.length === 0 ? shellLine(item.command) : words;
      outcomes.push(event({ type: 'exec.begin', callId, command, cwd: this.cwd }));
    }
    // Output comes whole in aggregated_output on every update; only what is new is passed on.
    const sent = this.outputSent.get(callId) ?? 0;
    if (item.aggregated_output.length > sent) {
      outcomes.push(event({ type: 'exec.output', callId, stream: 'stdout', text: item.aggregated_output.slice(sent) }));
      this.outputSent.set(callId, item.aggregated_output.length);
    }
    if (phase === 'item.completed') {
      const exitCode = item.exit_code ?? (item.status === 'completed' ? 0 : 1);
      outcomes.push(event({ type: 'exec.end', callId, exitCode, durationMs: elapsedMs(started, this.now()), timedOut: false }));
      this.commandStarts.delete(callId);
      this.outputSent.delete(callId);
    }
    return outcomes;
  }

  // Codex repeats the whole list on every update, and once more when the turn ends.
  private plan(plan: PlanStep[]): CliStreamOutcome[] {
    const key = JSON.stringify(plan);
    if (key === this.lastPlan) return [];
    this.lastPlan = key;
    return [event({ type: 'plan.updated', plan })];
  }

  private callId(itemId: string): string {
    return `${this.tag}-${itemId}`;
  }
}
