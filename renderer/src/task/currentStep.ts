import type { TaskEvent } from '../../../shared/events';
import { commandText } from './format';

/** What the agent is doing now, for the header: a command and since when, or a word. */
export type CurrentStep = { kind: 'command'; text: string; since: number } | { kind: 'word'; text: string };

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The running turn's latest activity, read backwards through the conversation's events
 * (command output is not among them, so a command stays current until its end arrives).
 */
export function currentStep(events: readonly TaskEvent[]): CurrentStep {
  const ended = new Set<string>();
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const e = events[i];
    if (!e) break;
    switch (e.type) {
      case 'turn.started':
        return { kind: 'word', text: 'thinking' };
      case 'exec.end':
        ended.add(e.callId);
        break;
      case 'check.end':
        ended.add(e.checkId);
        break;
      case 'exec.begin':
        if (!ended.has(e.callId)) return { kind: 'command', text: shorten(commandText(e.command), 40), since: e.ts };
        return { kind: 'word', text: 'thinking' };
      case 'check.begin':
        if (!ended.has(e.checkId)) return { kind: 'command', text: shorten(e.command, 40), since: e.ts };
        return { kind: 'word', text: 'thinking' };
      case 'patch.applied':
        return { kind: 'word', text: e.ok && e.files.length > 0 ? `editing ${shorten(e.files.join(', '), 40)}` : 'thinking' };
      case 'agent.delta':
      case 'agent.message':
        return { kind: 'word', text: 'writing' };
      case 'setup.output':
        return { kind: 'word', text: 'setting up' };
      default:
        if (e.type === 'agent.reasoning' || e.type === 'plan.updated' || e.type === 'error') return { kind: 'word', text: 'thinking' };
    }
  }
  return { kind: 'word', text: 'thinking' };
}
