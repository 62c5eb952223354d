import type { TaskEvent } from '../../../shared/events';
import { plainCitations } from './citations';
import { commandDuration, commandText } from './format';

export type LogLineKind = 'stdout' | 'stderr' | 'setup' | 'command' | 'exit' | 'turn' | 'status' | 'agent' | 'patch' | 'error' | 'notice';

export interface LogLine {
  text: string;
  kind: LogLineKind;
  /** The command whose output or header this line is. */
  callId: string | null;
  seq: number;
}

/**
 * The raw log as display lines. Output arrives in chunks that may end mid-line;
 * `openKey` names the stream whose last line is still unterminated so the next
 * chunk of that stream continues it instead of starting a new line.
 */
export interface LogModel {
  lines: readonly LogLine[];
  openKey: string | null;
  /** Lines added at the top so far, so a scrolled view can keep its place. */
  prepended: number;
}

export const EMPTY_LOG: LogModel = { lines: [], openKey: null, prepended: 0 };

// Colour and cursor codes: the log is plain text.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** A line as a terminal would leave it: carriage returns overwrite from the start. */
function cleanLine(raw: string): string {
  const stripped = raw.replace(ANSI, '');
  const trimmed = stripped.endsWith('\r') ? stripped.slice(0, -1) : stripped;
  const lastReturn = trimmed.lastIndexOf('\r');
  return lastReturn === -1 ? trimmed : trimmed.slice(lastReturn + 1);
}

interface Builder {
  lines: LogLine[];
  openKey: string | null;
}

function pushText(b: Builder, text: string, kind: LogLineKind, callId: string | null, seq: number, key: string): void {
  const parts = text.split('\n');
  const endsOpen = !text.endsWith('\n');
  if (!endsOpen) parts.pop();
  parts.forEach((part, index) => {
    const last = b.lines[b.lines.length - 1];
    if (index === 0 && b.openKey === key && last) {
      b.lines[b.lines.length - 1] = { ...last, text: cleanLine(last.text + part) };
    } else {
      b.lines.push({ text: cleanLine(part), kind, callId, seq });
    }
  });
  b.openKey = endsOpen && parts.length > 0 ? key : null;
}

function pushLine(b: Builder, text: string, kind: LogLineKind, callId: string | null, seq: number): void {
  b.lines.push({ text, kind, callId, seq });
  b.openKey = null;
}

function addEvent(b: Builder, e: TaskEvent): void {
  switch (e.type) {
    case 'turn.started':
      return pushLine(b, `▶ Turn ${e.turn}: ${e.prompt.split('\n')[0] ?? ''}`, 'turn', null, e.seq);
    case 'task.status':
      return pushLine(b, `● ${e.status}${e.phase ? ` · ${e.phase}` : ''}`, 'status', null, e.seq);
    case 'setup.output':
      return pushText(b, e.text, 'setup', null, e.seq, `setup:${e.stream}`);
    case 'exec.begin':
      return pushLine(b, `$ ${commandText(e.command)}`, 'command', e.callId, e.seq);
    case 'exec.output':
      return pushText(b, e.text, e.stream, e.callId, e.seq, `${e.callId}:${e.stream}`);
    case 'exec.end':
      return pushLine(b, `exit ${e.exitCode} · ${commandDuration(e.durationMs)}${e.timedOut ? ' · timed out' : ''}`, 'exit', e.callId, e.seq);
    case 'patch.applied':
      return pushLine(b, e.ok ? `apply_patch: ${e.files.join(', ')}` : `apply_patch failed: ${e.error ?? 'unknown error'}`, e.ok ? 'patch' : 'error', e.callId, e.seq);
    case 'agent.message':
      for (const line of plainCitations(e.text).split('\n')) pushLine(b, line, 'agent', null, e.seq);
      return;
    case 'error':
      return pushLine(b, `error: ${e.message}`, 'error', null, e.seq);
    case 'diff.stats':
      return pushLine(b, `diff: ${e.filesChanged} file(s) +${e.linesAdded} −${e.linesRemoved}`, 'notice', null, e.seq);
    case 'log.truncated':
      return pushLine(b, `… ${e.droppedBytes} bytes of output were dropped: the task reached its log size limit`, 'notice', null, e.seq);
    case 'context.compacted':
      return pushLine(b, '… earlier conversation was summarized to fit the context window', 'notice', null, e.seq);
    case 'turn.completed':
      return pushLine(b, `■ Turn ${e.turn} completed`, 'turn', null, e.seq);
    case 'turn.failed':
      return pushLine(b, `■ Turn ${e.turn} failed: ${e.error}`, 'error', null, e.seq);
    case 'agent.delta':
    case 'agent.reasoning':
    case 'plan.updated':
    case 'usage':
      return;
  }
}

function build(events: readonly TaskEvent[], start: Builder): Builder {
  const b = start;
  for (const e of events) addEvent(b, e);
  return b;
}

/** The model with newer events added at the bottom. */
export function appendLog(model: LogModel, events: readonly TaskEvent[]): LogModel {
  if (events.length === 0) return model;
  const b = build(events, { lines: model.lines.slice(), openKey: model.openKey });
  return { lines: b.lines, openKey: b.openKey, prepended: model.prepended };
}

/** The model with an older page added at the top; a line split across the page boundary is joined. */
export function prependLog(model: LogModel, older: readonly TaskEvent[], firstSeqBefore: number): LogModel {
  if (older.length === 0) return model;
  const top = build(older, { lines: [], openKey: null });
  let rest = model.lines;
  const first = rest[0];
  const last = top.lines[top.lines.length - 1];
  if (top.openKey && first && last && first.seq === firstSeqBefore && lineKey(first) === top.openKey) {
    top.lines[top.lines.length - 1] = { ...last, text: cleanLine(last.text + first.text) };
    rest = rest.slice(1);
  }
  const lines = top.lines.concat(rest);
  return { lines, openKey: model.openKey, prepended: model.prepended + (lines.length - model.lines.length) };
}

function lineKey(line: LogLine): string | null {
  if ((line.kind === 'stdout' || line.kind === 'stderr') && line.callId) return `${line.callId}:${line.kind}`;
  return null;
}

/**
 * Line indexes of a command citation: output lines start..end of that command
 * (1-based, as the agent saw them), or null when its header is not loaded.
 */
export function commandLineRange(lines: readonly LogLine[], callId: string, start: number, end: number): { header: number; from: number; to: number } | null {
  const header = lines.findIndex((l) => l.kind === 'command' && l.callId === callId);
  if (header === -1) return null;
  let outputLine = 0;
  let from = header;
  let to = header;
  for (let i = header + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line || line.callId !== callId || line.kind === 'exit') break;
    if (line.kind !== 'stdout' && line.kind !== 'stderr') continue;
    outputLine += 1;
    if (outputLine === start) from = i;
    if (outputLine > end) break;
    to = i;
  }
  return { header, from, to: Math.max(from, to) };
}
