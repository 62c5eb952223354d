import { describe, expect, it } from 'vitest';
import type { EventBody, TaskEvent } from '../../shared/events.js';
import { appendLog, EMPTY_LOG, type LogModel, logLength, logLine, prependLog } from '../../renderer/src/task/logLines.js';

const T0 = Date.UTC(2026, 11, 5, 13, 0, 0);

/** Events numbered from `firstSeq`, one second apart, so each line's stamp names its event. */
function events(firstSeq: number, bodies: EventBody[]): TaskEvent[] {
  return bodies.map((body, index) => ({ taskId: 't', seq: firstSeq + index, ts: T0 + (firstSeq + index) * 1000, ...body }));
}

function lines(model: LogModel): Array<{ text: string; kind: string; ts?: number }> {
  return Array.from({ length: logLength(model) }, (_, index) => {
    const line = logLine(model, index);
    if (!line) throw new Error(`no line ${index}`);
    return line.ts === undefined ? { text: line.text, kind: line.kind } : { text: line.text, kind: line.kind, ts: line.ts };
  });
}

const SETUP: EventBody[] = [
  { type: 'task.status', status: 'running', phase: 'setup' },
  { type: 'setup.output', stream: 'stdout', text: 'Installing deps\nhalf' },
  { type: 'setup.output', stream: 'stdout', text: 'way\n' },
  { type: 'setup.output', stream: 'stderr', text: 'a warning\n' },
  { type: 'exec.begin', callId: 'c1', command: ['ls'], cwd: '/workspace' },
  { type: 'exec.output', callId: 'c1', stream: 'stdout', text: 'calc.py\n' },
  { type: 'exec.end', callId: 'c1', exitCode: 0, durationMs: 20, timedOut: false },
  { type: 'setup.output', stream: 'stdout', text: 'Installing the agent CLI\n' },
];

describe('log lines', () => {
  it('stamps a setup block with its first event’s time, as a command block is stamped on its header', () => {
    expect(lines(appendLog(EMPTY_LOG, events(1, SETUP)))).toEqual([
      { text: '● running · setup', kind: 'status' },
      { text: 'Installing deps', kind: 'setup', ts: T0 + 2000 },
      { text: 'halfway', kind: 'setup' },
      { text: 'a warning', kind: 'setup' },
      { text: '$ ls', kind: 'command', ts: T0 + 5000 },
      { text: 'calc.py', kind: 'stdout' },
      { text: 'exit 0 · 20ms', kind: 'exit' },
      { text: 'Installing the agent CLI', kind: 'setup', ts: T0 + 8000 },
    ]);
  });

  it('stamps a setup block once when its output arrives over several batches', () => {
    const [status, first, second, third] = events(1, SETUP);
    if (!status || !first || !second || !third) throw new Error('fixture too short');
    const model = appendLog(appendLog(appendLog(EMPTY_LOG, [status, first]), [second]), [third]);
    expect(lines(model).filter((line) => line.ts !== undefined)).toEqual([{ text: 'Installing deps', kind: 'setup', ts: T0 + 2000 }]);
  });

  it('keeps one stamp on a setup block split across two pages of the log', () => {
    const all = events(1, [
      { type: 'setup.output', stream: 'stdout', text: 'step 1\n' },
      { type: 'setup.output', stream: 'stdout', text: 'step 2\n' },
      { type: 'setup.output', stream: 'stdout', text: 'step 3\n' },
    ]);
    const newer = appendLog(EMPTY_LOG, all.slice(1));
    expect(lines(newer)[0]).toEqual({ text: 'step 2', kind: 'setup', ts: T0 + 2000 });
    const whole = prependLog(newer, all.slice(0, 1), 2);
    expect(lines(whole)).toEqual([
      { text: 'step 1', kind: 'setup', ts: T0 + 1000 },
      { text: 'step 2', kind: 'setup' },
      { text: 'step 3', kind: 'setup' },
    ]);
    expect(whole.prepended).toBe(1);
  });
});
