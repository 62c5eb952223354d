import type { TaskEvent } from '../../shared/events.js';
import { terminalLine, terminalText } from './terminalText.js';

const MAX_OUTPUT_LINE = 400;

/** One human-readable line (or several) for an event, safe for a terminal; null for events not worth a line. */
export function renderEvent(event: TaskEvent): string | null {
  switch (event.type) {
    case 'task.status':
      return `• ${event.status}${event.phase ? ` (${terminalLine(event.phase)})` : ''}`;
    case 'workspace.ready':
      return `• workspace ready in ${(event.durationMs / 1000).toFixed(1)} s`;
    case 'turn.started':
      return `▸ turn ${event.turn}: ${terminalLine(event.prompt.split('\n')[0] ?? '')}`;
    case 'setup.output':
    case 'exec.output':
    case 'check.output':
      return trimOutput(event.text);
    case 'check.begin':
      return `✔ check ${terminalLine(event.name)}: $ ${terminalLine(event.command)}`;
    case 'check.end':
      return `  → check ${terminalLine(event.name)} ${event.exitCode === 0 ? 'passed' : `failed (exit ${event.exitCode}${event.timedOut ? ', timed out' : ''})`} in ${event.durationMs} ms`;
    case 'exec.begin':
      return `$ ${terminalLine(event.command.join(' '))}`;
    case 'exec.end':
      return `  → exit ${event.exitCode} in ${event.durationMs} ms${event.timedOut ? ' (timed out)' : ''}`;
    case 'patch.applied':
      return event.ok ? `✎ patched ${event.files.map(terminalLine).join(', ')}` : `✎ patch failed: ${terminalText(event.error ?? '')}`;
    case 'plan.updated':
      return event.plan.map((s) => `  [${s.status === 'completed' ? 'x' : s.status === 'in_progress' ? '~' : ' '}] ${terminalLine(s.step)}`).join('\n');
    case 'agent.message':
      return `\n${terminalText(event.text)}\n`;
    case 'finding.reported':
      return `◆ P${event.priority} ${terminalLine(event.path)}:${event.startLine}${event.endLine > event.startLine ? `-${event.endLine}` : ''} ${terminalLine(event.title)}`;
    case 'diff.stats':
      return `Δ ${event.filesChanged} file(s), +${event.linesAdded} −${event.linesRemoved}`;
    case 'error':
      return `! ${terminalText(event.message)}`;
    case 'log.truncated':
      return `! log capped: ${event.droppedBytes} bytes of output were not kept`;
    case 'turn.failed':
      return `✗ turn ${event.turn} failed: ${terminalText(event.error)}`;
    case 'turn.completed':
      return `✓ turn ${event.turn} done`;
    case 'agent.delta':
    case 'agent.reasoning':
    case 'agent.raw':
    case 'usage':
    case 'context.compacted':
      return null;
  }
}

function trimOutput(text: string): string | null {
  const lines = terminalText(text).replace(/\n$/, '').split('\n');
  if (lines.length === 1 && lines[0] === '') return null;
  return lines.map((line) => `  ${line.length > MAX_OUTPUT_LINE ? `${line.slice(0, MAX_OUTPUT_LINE)}…` : line}`).join('\n');
}
