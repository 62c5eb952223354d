import type { PlanStep, TaskEvent } from '../../../shared/events';
import type { FindingPriority } from '../../../shared/findings';

export interface CommandEnd {
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
}

export type ConversationItem =
  | { kind: 'message'; key: string; text: string }
  | { kind: 'reasoning'; key: string; text: string }
  | { kind: 'plan'; key: string; plan: PlanStep[]; explanation: string | null }
  /** A command the agent ran, or (with `check`, its name) one of the turn's checks. */
  | { kind: 'command'; key: string; callId: string; command: string[]; cwd: string; end: CommandEnd | null; check: string | null }
  | { kind: 'patch'; key: string; ok: boolean; files: string[]; error: string | null }
  /** A review reported a finding; the Findings tab has it in full. */
  | { kind: 'finding'; key: string; priority: FindingPriority; title: string; path: string; startLine: number; endLine: number }
  | { kind: 'error'; key: string; message: string }
  /** The model request retried in a row: the latest notice and how many there were. */
  | { kind: 'retries'; key: string; message: string; count: number }
  | { kind: 'notice'; key: string; text: string }
  | { kind: 'setup'; key: string; text: string; lineCount: number };

export interface ConversationTurn {
  /** Unique even when a retried turn starts again under the same number. */
  key: string;
  turn: number;
  /** 0 for a turn's first run; 1 and up for each retry of the same turn. */
  retry: number;
  /** When the turn started (epoch ms); null for activity from before the first loaded turn. */
  startedAt: number | null;
  prompt: string;
  items: ConversationItem[];
  /** Text the agent is still streaming (agent.delta since its last message). */
  streaming: string;
  outcome: { kind: 'completed'; summary: string } | { kind: 'failed'; error: string } | null;
}

/** Command output stays in the log: the conversation neither shows it nor is rebuilt for it. */
export function inConversation(e: TaskEvent): boolean {
  return e.type !== 'exec.output' && e.type !== 'check.output';
}

/**
 * Folds the event log into turns: the user's prompt, then what the agent said and
 * did, in order. Output stays in the log; commands here carry only their ends.
 */
export function buildConversation(events: readonly TaskEvent[]): ConversationTurn[] {
  const turns: ConversationTurn[] = [];
  let current: ConversationTurn | null = null;
  let plan: Extract<ConversationItem, { kind: 'plan' }> | null = null;
  const commands = new Map<string, Extract<ConversationItem, { kind: 'command' }>>();

  const turnFor = (): ConversationTurn => {
    if (!current) {
      // Events from before the first loaded turn.started: the window starts mid-turn.
      current = { key: 'before', turn: 0, retry: 0, startedAt: null, prompt: '', items: [], streaming: '', outcome: null };
      turns.push(current);
    }
    return current;
  };
  const push = (item: ConversationItem): void => {
    turnFor().items.push(item);
  };
  const lastItem = (): ConversationItem | undefined => current?.items[current.items.length - 1];

  for (const e of events) {
    switch (e.type) {
      case 'turn.started':
        current = { key: `t${e.seq}`, turn: e.turn, retry: turns.filter((t) => t.turn === e.turn).length, startedAt: e.ts, prompt: e.prompt, items: [], streaming: '', outcome: null };
        turns.push(current);
        plan = null;
        break;
      case 'setup.output': {
        const last = lastItem();
        const lines = e.text.split('\n').length - (e.text.endsWith('\n') ? 1 : 0);
        if (last?.kind === 'setup') {
          last.text += e.text;
          last.lineCount += lines;
        } else push({ kind: 'setup', key: `s${e.seq}`, text: e.text, lineCount: lines });
        break;
      }
      case 'agent.delta':
        turnFor().streaming += e.text;
        break;
      case 'agent.reasoning': {
        const last = lastItem();
        if (last?.kind === 'reasoning') last.text += e.text;
        else push({ kind: 'reasoning', key: `r${e.seq}`, text: e.text });
        break;
      }
      case 'agent.message':
        turnFor().streaming = '';
        push({ kind: 'message', key: `m${e.seq}`, text: e.text });
        break;
      case 'plan.updated':
        if (plan) {
          plan.plan = e.plan;
          plan.explanation = e.explanation ?? plan.explanation;
        } else {
          plan = { kind: 'plan', key: `p${e.seq}`, plan: e.plan, explanation: e.explanation ?? null };
          push(plan);
        }
        break;
      case 'exec.begin': {
        const item = { kind: 'command' as const, key: `c${e.seq}`, callId: e.callId, command: e.command, cwd: e.cwd, end: null, check: null };
        commands.set(e.callId, item);
        push(item);
        break;
      }
      case 'check.begin': {
        const item = { kind: 'command' as const, key: `k${e.seq}`, callId: e.checkId, command: [e.command], cwd: '/workspace', end: null, check: e.name };
        commands.set(e.checkId, item);
        push(item);
        break;
      }
      case 'check.end': {
        const item = commands.get(e.checkId);
        if (item) item.end = { exitCode: e.exitCode, durationMs: e.durationMs, timedOut: e.timedOut };
        break;
      }
      case 'exec.end': {
        const item = commands.get(e.callId);
        if (item) item.end = { exitCode: e.exitCode, durationMs: e.durationMs, timedOut: e.timedOut };
        break;
      }
      case 'patch.applied':
        push({ kind: 'patch', key: `a${e.seq}`, ok: e.ok, files: e.files, error: e.error ?? null });
        break;
      case 'finding.reported':
        push({ kind: 'finding', key: `f${e.seq}`, priority: e.priority, title: e.title, path: e.path, startLine: e.startLine, endLine: e.endLine });
        break;
      case 'error': {
        const last = lastItem();
        if (e.retryable && last?.kind === 'retries') {
          last.count += 1;
          last.message = e.message;
        } else if (e.retryable) push({ kind: 'retries', key: `e${e.seq}`, message: e.message, count: 1 });
        else push({ kind: 'error', key: `e${e.seq}`, message: e.message });
        break;
      }
      case 'context.compacted':
        push({ kind: 'notice', key: `n${e.seq}`, text: 'Earlier conversation was summarized to fit the context window; the agent may have lost some detail.' });
        break;
      case 'log.truncated':
        push({ kind: 'notice', key: `n${e.seq}`, text: `The log reached its size limit; ${e.droppedBytes} bytes of output were not kept.` });
        break;
      case 'turn.completed':
        turnFor().streaming = '';
        turnFor().outcome = { kind: 'completed', summary: e.summary };
        break;
      case 'turn.failed':
        turnFor().streaming = '';
        turnFor().outcome = { kind: 'failed', error: e.error };
        break;
      case 'task.status':
      case 'workspace.ready':
      case 'exec.output':
      case 'check.output':
      case 'usage':
      case 'diff.stats':
      case 'agent.raw':
        break;
    }
  }
  return turns;
}

/** The command of a call id, for labelling citations. */
export function commandOf(events: readonly TaskEvent[], callId: string): string[] | null {
  for (const e of events) if (e.type === 'exec.begin' && e.callId === callId) return e.command;
  return null;
}
