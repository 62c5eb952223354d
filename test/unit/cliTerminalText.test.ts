import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../shared/events.js';
import { renderEvent } from '../../electron/cli/render.js';
import { jsonLine, terminalLine, terminalText } from '../../electron/cli/terminalText.js';

/** Anything a terminal acts on, newline and tab aside. */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const OSC52_CLIPBOARD = '\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007';
const OSC0_TITLE = '\u001b]0;sudo password?\u0007';
const CLEAR_SCREEN = '\u001b[2J\u001b[H';
const C1_CSI = '\u009b2J';
const BIDI = 'safe\u202eexe.txt';

function event(body: Record<string, unknown>): TaskEvent {
  return { taskId: 't1', seq: 1, ts: 0, ...body } as TaskEvent;
}

describe('terminal-safe text', () => {
  it('shows every escape sequence as visible text', () => {
    const shown = terminalText(`${OSC52_CLIPBOARD}${OSC0_TITLE}${CLEAR_SCREEN}${C1_CSI}${BIDI}`);
    expect(shown).not.toMatch(ACTIVE);
    expect(shown).toBe('\\e]52;c;Y3VybCBldmlsIHwgc2g=\\x07\\e]0;sudo password?\\x07\\e[2J\\e[H\\x9b2Jsafe\\u202eexe.txt');
  });

  it('keeps newlines, tabs, CRLF line ends and non-ASCII text in multi-line output', () => {
    expect(terminalText('a\tb\r\nünï 日本\n')).toBe('a\tb\nünï 日本\n');
    expect(terminalText('progress 10%\rprogress 20%')).toBe('progress 10%\\rprogress 20%');
  });

  it('keeps a one-line field on one line', () => {
    expect(terminalLine('fake\n✓ done\r')).toBe('fake\\n✓ done\\r');
  });

  it('never lets an active character through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(terminalText(text)).not.toMatch(ACTIVE);
        expect(terminalLine(text)).not.toMatch(/[\n\t]/);
        expect(terminalLine(text)).not.toMatch(ACTIVE);
      }),
    );
  });

  it('writes JSON that parses to the same value with no raw C1, bidi or line-separator characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const line = jsonLine({ text });
        expect(line).not.toMatch(ACTIVE);
        expect(line).not.toMatch(/[\u2028\u2029]/);
        expect(JSON.parse(line)).toEqual({ text });
      }),
    );
  });
});

describe('renderEvent with hostile sandbox and model text', () => {
  const hostile = `${OSC52_CLIPBOARD}${CLEAR_SCREEN}${C1_CSI}${BIDI}`;
  const events: TaskEvent[] = [
    event({ type: 'exec.output', callId: 'c', stream: 'stdout', text: `${hostile}\nnext\n` }),
    event({ type: 'setup.output', stream: 'stderr', text: hostile }),
    event({ type: 'exec.begin', callId: 'c', command: ['echo', hostile, 'a\nb'], cwd: '/workspace' }),
    event({ type: 'patch.applied', callId: 'c', ok: true, files: ['evil\n✓ turn 1 done', hostile] }),
    event({ type: 'patch.applied', callId: 'c', ok: false, files: [], error: hostile }),
    event({ type: 'plan.updated', plan: [{ step: `step\n[x] forged ${hostile}`, status: 'pending' }] }),
    event({ type: 'agent.message', text: hostile }),
    event({ type: 'error', message: hostile, retryable: false }),
    event({ type: 'turn.failed', turn: 1, error: hostile }),
    event({ type: 'turn.started', turn: 1, prompt: hostile }),
    event({ type: 'task.status', status: 'running', phase: hostile }),
  ];

  it.each(events.map((e) => [e.type, e] as const))('renders %s with no active character', (_type, e) => {
    const line = renderEvent(e);
    expect(line).not.toBeNull();
    expect(line).not.toMatch(ACTIVE);
  });

  it('cannot forge a line from a file name or a plan step', () => {
    expect(renderEvent(events[3] as TaskEvent)?.split('\n')).toHaveLength(1);
    expect(renderEvent(events[5] as TaskEvent)?.split('\n')).toHaveLength(1);
  });
});
