import { describe, expect, it } from 'vitest';
import { ClaudeStreamMapper } from '../../electron/agent/backends/claudeStream.js';
import { endings, eventsOf, fixtureLines, ofType, play, sessions, steppingClock } from './cliStreamFixture.js';

// Captured from `claude -p --output-format stream-json --verbose` 2.1.332, against a scripted
// Anthropic Messages server, with TodoWrite offered (CLAUDE_CODE_ENABLE_TODO_TOOLS=1, CLAUDE_CODE_ENABLE_TASKS=0).
const CWD = '/tmp/capture/work-claude-tools-y8wFj0/repo';
const SESSION = 'f3d75faa-7774-44f8-b29f-a49376aa5102';
const SUMMARY = 'Done: listed the files, found missing.txt absent, and edited hello.txt and notes.md.';

function mapper(callIdTag = 't'): ClaudeStreamMapper {
  return new ClaudeStreamMapper({ cwd: CWD, callIdTag, now: steppingClock() });
}

describe('Claude Code stream', () => {
  it('maps a whole turn: thinking, plan, commands, edits, the answer, usage, the end', () => {
    const plan = (first: 'in_progress' | 'completed', rest: 'pending' | 'completed') => ({
      kind: 'event',
      event: {
        type: 'plan.updated',
        plan: [
          { step: 'Look around', status: first },
          { step: 'Edit files', status: rest },
          { step: 'Report', status: rest },
        ],
      },
    });
    expect(play(mapper(), 'claude-tools')).toEqual([
      { kind: 'session', id: SESSION },
      { kind: 'event', event: { type: 'agent.reasoning', text: 'I should look at the repository first.' } },
      { kind: 'event', event: { type: 'agent.message', text: 'Let me plan this.' } },
      plan('in_progress', 'pending'),
      { kind: 'event', event: { type: 'exec.begin', callId: 't-toolu_02', command: ['bash', '-lc', 'ls -a'], cwd: CWD } },
      { kind: 'event', event: { type: 'exec.begin', callId: 't-toolu_03', command: ['bash', '-lc', 'cat missing.txt'], cwd: CWD } },
      { kind: 'event', event: { type: 'exec.output', callId: 't-toolu_02', stream: 'stdout', text: '.\n..\n.git\nREADME.md\nhello.txt' } },
      // Durations come from the lines' own timestamps: tool_use at 08.437, its result at 09.015.
      { kind: 'event', event: { type: 'exec.end', callId: 't-toolu_02', exitCode: 0, durationMs: 578, timedOut: false } },
      { kind: 'event', event: { type: 'exec.output', callId: 't-toolu_03', stream: 'stdout', text: 'cat: missing.txt: No such file or directory' } },
      { kind: 'event', event: { type: 'exec.end', callId: 't-toolu_03', exitCode: 1, durationMs: 700, timedOut: false } },
      { kind: 'event', event: { type: 'patch.applied', callId: 't-toolu_05', ok: true, files: ['hello.txt'] } },
      { kind: 'event', event: { type: 'patch.applied', callId: 't-toolu_06', ok: true, files: ['notes.md'] } },
      {
        kind: 'event',
        event: {
          type: 'patch.applied',
          callId: 't-toolu_07',
          ok: false,
          files: ['README.md'],
          error: '<tool_use_error>String to replace not found in file.\nString: not in the file</tool_use_error>',
        },
      },
      plan('completed', 'completed'),
      { kind: 'event', event: { type: 'agent.message', text: SUMMARY } },
      { kind: 'event', event: { type: 'usage', inputTokens: 1185, outputTokens: 118 } },
      { kind: 'finished', summary: SUMMARY },
    ]);
  });

  it('counts usage once, from the result, not from the partial usage on every assistant line', () => {
    expect(ofType(play(mapper(), 'claude-tools'), 'usage')).toEqual([{ type: 'usage', inputTokens: 1185, outputTokens: 118 }]);
  });

  it('fails with the API error when the model answers HTTP 500, and shows no stand-in message', () => {
    const outcomes = play(mapper(), 'claude-http500');
    expect(endings(outcomes)).toEqual([
      {
        kind: 'failed',
        error:
          'API Error: 500 scripted internal error. This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:40259).',
      },
    ]);
    expect(ofType(outcomes, 'agent.message')).toEqual([]);
  });

  it('fails on an HTTP 400, even though the result says subtype "success"', () => {
    expect(endings(play(mapper(), 'claude-http400'))).toEqual([{ kind: 'failed', error: 'API Error: 400 scripted bad request' }]);
  });

  it('keeps the command that ran before a model request failed', () => {
    const outcomes = play(mapper(), 'claude-midfail');
    expect(eventsOf(outcomes).map((event) => event.type)).toEqual(['exec.begin', 'exec.output', 'exec.end', 'usage']);
    expect(ofType(outcomes, 'exec.end')).toEqual([{ type: 'exec.end', callId: 't-toolu_11', exitCode: 0, durationMs: 266, timedOut: false }]);
    expect(endings(outcomes)).toEqual([{ kind: 'failed', error: 'API Error: 400 scripted bad request' }]);
  });

  it('reports the retries Claude Code makes after HTTP 529 and 500, then finishes', () => {
    const outcomes = play(mapper(), 'claude-retry');
    expect(ofType(outcomes, 'error')).toEqual([
      { type: 'error', message: 'Model request failed (HTTP 529 overloaded); Claude Code is retrying, retry 1 of 10', retryable: true },
      { type: 'error', message: 'Model request failed (HTTP 500 server_error); Claude Code is retrying, retry 2 of 10', retryable: true },
    ]);
    expect(endings(outcomes)).toEqual([{ kind: 'finished', summary: 'Recovered.' }]);
  });

  it('resumes the same session', () => {
    const outcomes = play(mapper(), 'claude-resume');
    expect(sessions(outcomes)).toEqual([SESSION]);
    expect(ofType(outcomes, 'exec.output')).toEqual([{ type: 'exec.output', callId: 't-toolu_21', stream: 'stdout', text: 'hello codebay' }]);
    expect(endings(outcomes)).toEqual([{ kind: 'finished', summary: 'Resumed and checked.' }]);
  });

  it('gives every line of every capture a result without throwing', () => {
    for (const name of ['claude-tools', 'claude-http500', 'claude-http400', 'claude-midfail', 'claude-retry', 'claude-resume']) {
      const reader = mapper();
      for (const line of fixtureLines(name)) expect(Array.isArray(reader.line(line))).toBe(true);
    }
  });
});

// Hand-written lines below: shapes the captures do not contain, to pin down the rules.
describe('Claude Code stream, hand-written lines', () => {
  const assistant = (content: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ type: 'assistant', message: { content }, parent_tool_use_id: null, ...extra });
  const user = (content: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'user', message: { content }, ...extra });

  it('passes stdout and stderr of a structured Bash result on separately', () => {
    const reader = mapper();
    reader.line(assistant([{ type: 'tool_use', id: 'a', name: 'Bash', input: { command: 'make' } }], { timestamp: '2026-01-01T00:00:00.000Z' }));
    expect(
      reader.line(
        user([{ type: 'tool_result', tool_use_id: 'a', content: 'out\nerr', is_error: false }], {
          timestamp: '2026-01-01T00:00:01.500Z',
          tool_use_result: { stdout: 'out', stderr: 'err', interrupted: false },
        }),
      ),
    ).toEqual([
      { kind: 'event', event: { type: 'exec.output', callId: 't-a', stream: 'stdout', text: 'out' } },
      { kind: 'event', event: { type: 'exec.output', callId: 't-a', stream: 'stderr', text: 'err' } },
      { kind: 'event', event: { type: 'exec.end', callId: 't-a', exitCode: 0, durationMs: 1500, timedOut: false } },
    ]);
  });

  it('maps MultiEdit and a failed command without an exit code line', () => {
    const reader = mapper();
    reader.line(assistant([{ type: 'tool_use', id: 'm', name: 'MultiEdit', input: { file_path: `${CWD}/a/b.ts`, edits: [] } }]));
    reader.line(assistant([{ type: 'tool_use', id: 'b', name: 'Bash', input: { command: 'sleep 999' } }]));
    expect(reader.line(user([{ type: 'tool_result', tool_use_id: 'm', content: [{ type: 'text', text: 'Applied 2 edits' }] }]))).toEqual([
      { kind: 'event', event: { type: 'patch.applied', callId: 't-m', ok: true, files: ['a/b.ts'] } },
    ]);
    expect(reader.line(user([{ type: 'tool_result', tool_use_id: 'b', content: 'Command timed out', is_error: true }]))).toEqual([
      { kind: 'event', event: { type: 'exec.output', callId: 't-b', stream: 'stdout', text: 'Command timed out' } },
      // Without timestamps the mapper's clock is read once a line: two lines apart here.
      { kind: 'event', event: { type: 'exec.end', callId: 't-b', exitCode: 1, durationMs: 500, timedOut: false } },
    ]);
  });

  it('reads each content block on its own, skipping the ones it does not know', () => {
    expect(mapper().line(assistant([{ type: 'server_tool_use', id: 'x' }, { type: 'text', text: 'hi' }, { type: 'tool_use', id: 1 }]))).toEqual([
      { kind: 'event', event: { type: 'agent.message', text: 'hi' } },
    ]);
  });

  it("does not take a sub-agent's words as the turn's summary", () => {
    const reader = mapper();
    reader.line(assistant([{ type: 'text', text: 'Main answer.' }]));
    reader.line(assistant([{ type: 'text', text: 'Sub-agent notes.' }], { parent_tool_use_id: 'toolu_task' }));
    expect(reader.line(JSON.stringify({ type: 'result', subtype: 'success', is_error: false }))).toEqual([{ kind: 'finished', summary: 'Main answer.' }]);
  });

  it('fails with the listed errors of a result that has no text', () => {
    expect(mapper().line(JSON.stringify({ type: 'result', subtype: 'error_max_turns', is_error: true, errors: ['Reached the turn limit'] }))).toEqual([
      { kind: 'failed', error: 'Reached the turn limit' },
    ]);
  });

  it('adds cache writes and reads to the input tokens', () => {
    const line = JSON.stringify({
      type: 'result',
      subtype: 'success',
      is_error: false,
      result: 'ok',
      usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000 },
    });
    expect(mapper().line(line)[0]).toEqual({ kind: 'event', event: { type: 'usage', inputTokens: 1110, outputTokens: 5 } });
  });
});
