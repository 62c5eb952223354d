import { describe, expect, it } from 'vitest';
import { OpencodeStreamMapper } from '../../electron/agent/backends/opencodeStream.js';
import { endings, eventsOf, fixtureLines, ofType, play, sessions } from './cliStreamFixture.js';

// Captured from `opencode run --format json --thinking --auto` 1.18.33, against the scripted Chat
// Completions server through @ai-sdk/openai-compatible. A model id with "gpt-" gets apply_patch
// in place of edit and write (opencode-patch).
const CWD = '/tmp/capture/work-opencode-tools-wmgiTi/repo';
const PATCH_CWD = '/tmp/capture/work-opencode-patch-fmtkIl/repo';
const SESSION = 'ses_dbaeb76ffffe6bSdwatzimwqIW';
const SUMMARY = 'Done: listed the files, found missing.txt absent, and edited hello.txt and notes.md.';

function mapper(cwd = CWD): OpencodeStreamMapper {
  return new OpencodeStreamMapper({ cwd, callIdTag: 't' });
}

describe('opencode stream', () => {
  it('maps a whole turn: reasoning, plan, commands, edits, the answer, the end', () => {
    const plan = (first: 'in_progress' | 'completed', rest: 'pending' | 'completed') => ({
      type: 'plan.updated',
      plan: [
        { step: 'Look around', status: first },
        { step: 'Edit files', status: rest },
        { step: 'Report', status: rest },
      ],
    });
    const outcomes = play(mapper(), 'opencode-tools');
    expect(eventsOf(outcomes).filter((event) => event.type !== 'usage')).toEqual([
      { type: 'agent.reasoning', text: 'I should look at the repository first.' },
      plan('in_progress', 'pending'),
      { type: 'agent.message', text: 'Let me plan this.' },
      { type: 'exec.begin', callId: 't-call_2', command: ['bash', '-lc', 'ls -a'], cwd: CWD },
      { type: 'exec.output', callId: 't-call_2', stream: 'stdout', text: '.\n..\n.git\nREADME.md\nhello.txt\nopencode.json\n' },
      // opencode times each tool itself (state.time start and end).
      { type: 'exec.end', callId: 't-call_2', exitCode: 0, durationMs: 504, timedOut: false },
      { type: 'exec.begin', callId: 't-call_3', command: ['bash', '-lc', 'cat missing.txt'], cwd: CWD },
      { type: 'exec.output', callId: 't-call_3', stream: 'stdout', text: 'cat: missing.txt: No such file or directory\n' },
      { type: 'exec.end', callId: 't-call_3', exitCode: 1, durationMs: 478, timedOut: false },
      { type: 'patch.applied', callId: 't-call_5', ok: true, files: ['hello.txt'] },
      { type: 'patch.applied', callId: 't-call_6', ok: true, files: ['notes.md'] },
      {
        type: 'patch.applied',
        callId: 't-call_7',
        ok: false,
        files: ['README.md'],
        error: 'Could not find oldString in the file. It must match exactly, including whitespace, indentation, and line endings.',
      },
      plan('completed', 'completed'),
      { type: 'agent.message', text: SUMMARY },
    ]);
    expect(sessions(outcomes)).toEqual([SESSION]);
    expect(endings(outcomes)).toEqual([{ kind: 'finished', summary: SUMMARY }]);
    expect(outcomes.at(-1)).toEqual({ kind: 'finished', summary: SUMMARY });
  });

  it('counts usage per model request, one step_finish each, adding up to the turn', () => {
    const usage = ofType(play(mapper(), 'opencode-tools'), 'usage');
    expect(usage.map((step) => step.inputTokens)).toEqual([100, 120, 140, 150, 160, 165, 170, 180]);
    expect(usage.reduce((sum, step) => sum + step.outputTokens, 0)).toBe(118);
  });

  it('maps apply_patch, naming the files of a patch that failed from its own headers', () => {
    const outcomes = play(mapper(PATCH_CWD), 'opencode-patch');
    expect(ofType(outcomes, 'patch.applied')).toEqual([
      { type: 'patch.applied', callId: 't-call_1', ok: true, files: ['hello.txt', 'notes.md'] },
      {
        type: 'patch.applied',
        callId: 't-call_2',
        ok: false,
        files: ['nope.txt'],
        error: `apply_patch verification failed: Failed to read file to update: ${PATCH_CWD}/nope.txt`,
      },
    ]);
    expect(endings(outcomes)).toEqual([{ kind: 'finished', summary: 'Patched hello.txt and added notes.md; nope.txt does not exist.' }]);
  });

  it('fails with the provider error after opencode gave up retrying HTTP 500', () => {
    expect(endings(play(mapper(), 'opencode-http500'))).toEqual([{ kind: 'failed', error: 'scripted fault at step 6: HTTP 500' }]);
  });

  it('fails with the provider error on HTTP 400', () => {
    const outcomes = play(mapper(), 'opencode-http400');
    expect(sessions(outcomes)).toEqual(['ses_dbaeab12bffeF8scWfJ74oU3Gw']);
    expect(endings(outcomes)).toEqual([{ kind: 'failed', error: 'scripted bad request' }]);
  });

  it('keeps the command that ran before a model request failed', () => {
    const outcomes = play(mapper(), 'opencode-midfail');
    expect(ofType(outcomes, 'exec.end')).toEqual([{ type: 'exec.end', callId: 't-call_1', exitCode: 0, durationMs: 276, timedOut: false }]);
    expect(endings(outcomes)).toEqual([{ kind: 'failed', error: 'scripted bad request' }]);
  });

  it('resumes the same session', () => {
    const outcomes = play(mapper(), 'opencode-resume');
    expect(sessions(outcomes)).toEqual([SESSION]);
    expect(ofType(outcomes, 'exec.output')).toEqual([{ type: 'exec.output', callId: 't-call_1', stream: 'stdout', text: 'hello codebay\n' }]);
    expect(endings(outcomes)).toEqual([{ kind: 'finished', summary: 'Resumed and checked.' }]);
  });

  it('gives every line of every capture a result without throwing', () => {
    for (const name of ['opencode-tools', 'opencode-patch', 'opencode-http500', 'opencode-http400', 'opencode-midfail', 'opencode-resume']) {
      const reader = mapper();
      for (const line of fixtureLines(name)) expect(Array.isArray(reader.line(line))).toBe(true);
    }
  });
});

// Hand-written lines below: shapes the captures do not contain, to pin down the rules.
describe('opencode stream, hand-written lines', () => {
  const tool = (part: Record<string, unknown>) => JSON.stringify({ type: 'tool_use', sessionID: 's', part: { type: 'tool', callID: 'c', ...part } });

  it('shows a refused or broken bash call with its error, in the directory it asked for', () => {
    const line = tool({
      tool: 'bash',
      state: { status: 'error', input: { command: 'rm -rf /', workdir: 'sub' }, error: 'The user rejected permission to use this specific tool call.', time: { start: 5, end: 9 } },
    });
    const reader = mapper();
    expect(eventsOf(reader.line(line))).toEqual([
      { type: 'exec.begin', callId: 't-c', command: ['bash', '-lc', 'rm -rf /'], cwd: `${CWD}/sub` },
      { type: 'exec.output', callId: 't-c', stream: 'stderr', text: 'The user rejected permission to use this specific tool call.' },
      { type: 'exec.end', callId: 't-c', exitCode: 1, durationMs: 4, timedOut: false },
    ]);
  });

  it('ignores tools that have not finished and tools that change no file', () => {
    const reader = mapper();
    expect(reader.line(tool({ tool: 'bash', state: { status: 'running', input: { command: 'ls' } } }))).toEqual([{ kind: 'session', id: 's' }]);
    expect(reader.line(tool({ tool: 'grep', state: { status: 'completed', input: { pattern: 'x' }, output: 'y' } }))).toEqual([]);
  });

  it('marks cancelled todos as done, saying so', () => {
    const line = tool({ tool: 'todowrite', state: { status: 'completed', input: { todos: [{ content: 'Old idea', status: 'cancelled', priority: 'low' }] } } });
    expect(eventsOf(mapper().line(line))).toEqual([{ type: 'plan.updated', plan: [{ step: 'Old idea (cancelled)', status: 'completed' }] }]);
  });

  it('counts cache and reasoning tokens, and ends the turn on any step that is not for tool calls', () => {
    const line = JSON.stringify({
      type: 'step_finish',
      part: { reason: 'length', tokens: { input: 10, output: 3, reasoning: 7, cache: { read: 100, write: 20 } } },
    });
    expect(mapper().line(line)).toEqual([
      { kind: 'event', event: { type: 'usage', inputTokens: 130, outputTokens: 10 } },
      { kind: 'finished', summary: '' },
    ]);
  });

  it('fails with the error name when the error has no message', () => {
    expect(mapper().line(JSON.stringify({ type: 'error', error: { name: 'ProviderAuthError', data: {} } }))).toEqual([{ kind: 'failed', error: 'ProviderAuthError' }]);
  });
});
