import type { TaskEvent } from '../../../shared/events';
import { plainCitations } from './citations';
import { findingPlace } from './findingFormat';
import { commandDuration, commandText } from './format';

export type LogLineKind = 'stdout' | 'stderr' | 'setup' | 'command' | 'exit' | 'turn' | 'status' | 'agent' | 'patch' | 'error' | 'notice';

export interface LogLine {
  text: string;
  kind: LogLineKind;
  /** The command whose output or header this line is. */
  callId: string | null;
  seq: number;
  /** When a block (a turn, a command) began; only its first line carries it, so output lines stay light. */
  ts?: number;
}

/**
 * The raw log as display lines. Output arrives in chunks that may end mid-line: the last
 * line stays `open` while `openKey` names its stream, so the next chunk of that stream
 * continues it instead of starting a new line.
 *
 * Finished lines are never changed, so successive models share one array and a live
 * log appends to it in place instead of copying it per batch: a model owns the first
 * `count` entries of `done`. Read lines through logLength and logLine.
 */
export interface LogModel {
  readonly done: readonly LogLine[];
  readonly count: number;
  readonly open: LogLine | null;
  readonly openKey: string | null;
  /** Lines added at the top so far, so a scrolled view can keep its place. */
  readonly prepended: number;
}

export const EMPTY_LOG: LogModel = { done: Object.freeze([]), count: 0, open: null, openKey: null, prepended: 0 };

export function logLength(model: LogModel): number {
  return model.count + (model.open ? 1 : 0);
}

export function logLine(model: LogModel, index: number): LogLine | undefined {
  if (index < model.count) return model.done[index];
  return index === model.count && model.open ? model.open : undefined;
}

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
  done: LogLine[];
  open: LogLine | null;
  openKey: string | null;
}

function finishOpen(b: Builder): void {
  if (b.open) b.done.push(b.open);
  b.open = null;
  b.openKey = null;
}

/** `ts`, when given, goes on the first line this text starts (not on a line it continues). */
function pushText(b: Builder, text: string, kind: LogLineKind, callId: string | null, seq: number, key: string, ts?: number): void {
  const parts = text.split('\n');
  const endsOpen = !text.endsWith('\n');
  if (!endsOpen) parts.pop();
  let stamp = ts;
  parts.forEach((part, index) => {
    if (index === 0 && b.openKey === key && b.open) {
      b.open = { ...b.open, text: cleanLine(b.open.text + part) };
    } else {
      finishOpen(b);
      b.open = stamp === undefined ? { text: cleanLine(part), kind, callId, seq } : { text: cleanLine(part), kind, callId, seq, ts: stamp };
      stamp = undefined;
    }
  });
  if (endsOpen && b.open) b.openKey = key;
  else finishOpen(b);
}

function lastLine(b: Builder): LogLine | undefined {
  return b.open ?? b.done[b.done.length - 1];
}

function pushLine(b: Builder, text: string, kind: LogLineKind, callId: string | null, seq: number, ts?: number): void {
  finishOpen(b);
  b.done.push(ts === undefined ? { text, kind, callId, seq } : { text, kind, callId, seq, ts });
}

function addEvent(b: Builder, e: TaskEvent): void {
  switch (e.type) {
    case 'turn.started':
      return pushLine(b, `▶ Turn ${e.turn}: ${e.prompt.split('\n')[0] ?? ''}`, 'turn', null, e.seq, e.ts);
    case 'task.status':
      return pushLine(b, `● ${e.status}${e.phase ? ` · ${e.phase}` : ''}`, 'status', null, e.seq);
    case 'workspace.ready':
      return pushLine(b, `● workspace ready · ${commandDuration(e.durationMs)}`, 'status', null, e.seq);
    case 'setup.output':
      // Setup output has no header line to carry its time, so the block's first line does.
      return pushText(b, e.text, 'setup', null, e.seq, `setup:${e.stream}`, lastLine(b)?.kind === 'setup' ? undefined : e.ts);
    case 'exec.begin':
      return pushLine(b, `$ ${commandText(e.command)}`, 'command', e.callId, e.seq, e.ts);
    case 'exec.output':
      return pushText(b, e.text, e.stream, e.callId, e.seq, `${e.callId}:${e.stream}`);
    case 'exec.end':
      return pushLine(b, `exit ${e.exitCode} · ${commandDuration(e.durationMs)}${e.timedOut ? ' · timed out' : ''}`, 'exit', e.callId, e.seq);
    case 'check.begin':
      return pushLine(b, `$ ${e.command}   (check: ${e.name})`, 'command', e.checkId, e.seq, e.ts);
    case 'check.output':
      return pushText(b, e.text, e.stream, e.checkId, e.seq, `${e.checkId}:${e.stream}`);
    case 'check.end':
      return pushLine(b, `check ${e.name} ${e.exitCode === 0 ? 'passed' : 'failed'} · exit ${e.exitCode} · ${commandDuration(e.durationMs)}${e.timedOut ? ' · timed out' : ''}`, e.exitCode === 0 ? 'exit' : 'error', e.checkId, e.seq);
    case 'patch.applied':
      return pushLine(b, e.ok ? `apply_patch: ${e.files.join(', ')}` : `apply_patch failed: ${e.error ?? 'unknown error'}`, e.ok ? 'patch' : 'error', e.callId, e.seq);
    case 'agent.message':
      for (const line of plainCitations(e.text).split('\n')) pushLine(b, line, 'agent', null, e.seq);
      return;
    case 'finding.reported':
      return pushLine(b, `finding P${e.priority} · ${e.title} · ${findingPlace(e)}`, 'notice', null, e.seq);
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
    case 'agent.raw':
    case 'agent.delta':
    case 'agent.reasoning':
    case 'plan.updated':
    case 'usage':
      return;
  }
}

function build(events: readonly TaskEvent[], b: Builder): Builder {
  for (const e of events) addEvent(b, e);
  return b;
}

/** The model with newer events added at the bottom; the finished lines are appended in place when this model is the newest. */
export function appendLog(model: LogModel, events: readonly TaskEvent[]): LogModel {
  if (events.length === 0) return model;
  const owned = model.count > 0 && model.done.length === model.count;
  const done = owned ? (model.done as LogLine[]) : model.done.slice(0, model.count);
  const b = build(events, { done, open: model.open, openKey: model.openKey });
  return { done: b.done, count: b.done.length, open: b.open, openKey: b.openKey, prepended: model.prepended };
}

function lineKey(line: LogLine): string | null {
  if ((line.kind === 'stdout' || line.kind === 'stderr') && line.callId) return `${line.callId}:${line.kind}`;
  return null;
}

function allLines(model: LogModel): LogLine[] {
  const lines = model.done.slice(0, model.count);
  if (model.open) lines.push(model.open);
  return lines;
}

/** The model with an older page added at the top; a line split across the page boundary is joined. */
export function prependLog(model: LogModel, older: readonly TaskEvent[], firstSeqBefore: number): LogModel {
  if (older.length === 0) return model;
  const top = build(older, { done: [], open: null, openKey: null });
  const topKey = top.openKey;
  const lines = top.done;
  if (top.open) lines.push(top.open);
  let rest = allLines(model);
  const first = rest[0];
  const last = lines[lines.length - 1];
  if (topKey && first && last && first.seq === firstSeqBefore && lineKey(first) === topKey) {
    lines[lines.length - 1] = { ...last, text: cleanLine(last.text + first.text) };
    rest = rest.slice(1);
  }
  // A setup block begun on the older page is stamped there, not again where the newer page started.
  const head = rest[0];
  if (last?.kind === 'setup' && head?.kind === 'setup' && head.ts !== undefined) rest = [{ ...head, ts: undefined }, ...rest.slice(1)];
  const all = lines.concat(rest);
  const open = model.open ? (all.pop() ?? null) : null;
  return { done: all, count: all.length, open, openKey: model.openKey, prepended: model.prepended + (all.length + (open ? 1 : 0) - logLength(model)) };
}

/**
 * Line indexes of a command citation: output lines start..end of that command
 * (1-based, as the agent saw them), or null when its header is not loaded.
 */
export function commandLineRange(model: LogModel, callId: string, start: number, end: number): { header: number; from: number; to: number } | null {
  const length = logLength(model);
  let header = -1;
  for (let i = 0; i < length && header === -1; i++) {
    const line = logLine(model, i);
    if (line?.kind === 'command' && line.callId === callId) header = i;
  }
  if (header === -1) return null;
  let outputLine = 0;
  let from = header;
  let to = header;
  for (let i = header + 1; i < length; i++) {
    const line = logLine(model, i);
    if (!line || line.callId !== callId || line.kind === 'exit') break;
    if (line.kind !== 'stdout' && line.kind !== 'stderr') continue;
    outputLine += 1;
    if (outputLine === start) from = i;
    if (outputLine > end) break;
    to = i;
  }
  return { header, from, to: Math.max(from, to) };
}

/** What one command printed, as the log shows it (loaded lines only). */
export function commandOutput(model: LogModel, callId: string): string {
  const out: string[] = [];
  const length = logLength(model);
  for (let i = 0; i < length; i++) {
    const line = logLine(model, i);
    if (line && line.callId === callId && (line.kind === 'stdout' || line.kind === 'stderr')) out.push(line.text);
  }
  return out.join('\n');
}
