import { describe, expect, it } from 'vitest';
import { CodexStreamMapper } from '../../electron/agent/backends/codexStream.js';
import { endings, fixtureLines, ofType, play, sessions, steppingClock } from './cliStreamFixture.js';

// Captured from `codex exec --json` 0.171.0, against the scripted Responses server.
const CWD = '/tmp/capture/work-codex-tools-k6T7ch/repo';
const THREAD = '01a24506-ab97-73c2-a53c-0f32124e4e7e';
const SUMMARY = 'Done: listed the files, found missing.txt absent, and edited hello.txt and notes.md.';

function mapper(callIdTag = 't'): CodexStreamMapper {
  return new CodexStreamMapper({ cwd: CWD, callIdTag, now: steppingClock() });
}

describe('Codex CLI stream', () => {
  it('maps a whole turn: plan, commands, a patch, the answer, usage, the end', () => {
    const plan = (first: 'pending' | 'completed', second: 'pending' | 'completed', third: 'pending' | 'completed') => ({
      kind: 'event',
      event: {
        type: 'plan.updated',
        plan: [
          { step: 'Look around', status: first },
          { step: 'Edit files', status: second },
          { step: 'Report', status: third },
        ],
      },
    });
    expect(play(mapper(), 'codex-tools')).toEqual([
      { kind: 'session', id: THREAD },
      {
        kind: 'event',
        event: {
          type: 'error',
          message: 'Model metadata for `scripted` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.',
          retryable: true,
        },
      },
      { kind: 'event', event: { type: 'agent.reasoning', text: 'I should look at the repository first.' } },
      plan('pending', 'pending', 'pending'),
      { kind: 'event', event: { type: 'exec.begin', callId: 't-item_3', command: ['/bin/bash', '-lc', 'ls -a'], cwd: CWD } },
      { kind: 'event', event: { type: 'exec.output', callId: 't-item_3', stream: 'stdout', text: '.\n..\n.git\nREADME.md\nhello.txt\n' } },
      { kind: 'event', event: { type: 'exec.end', callId: 't-item_3', exitCode: 0, durationMs: 250, timedOut: false } },
      { kind: 'event', event: { type: 'exec.begin', callId: 't-item_4', command: ['/bin/bash', '-lc', 'cat missing.txt'], cwd: CWD } },
      { kind: 'event', event: { type: 'exec.output', callId: 't-item_4', stream: 'stdout', text: 'cat: missing.txt: No such file or directory\n' } },
      { kind: 'event', event: { type: 'exec.end', callId: 't-item_4', exitCode: 1, durationMs: 250, timedOut: false } },
      plan('completed', 'pending', 'pending'),
      { kind: 'event', event: { type: 'patch.applied', callId: 't-item_5', ok: true, files: ['hello.txt', 'notes.md'] } },
      plan('completed', 'completed', 'completed'),
      { kind: 'event', event: { type: 'agent.message', text: SUMMARY } },
      { kind: 'event', event: { type: 'usage', inputTokens: 1020, outputTokens: 102 } },
      { kind: 'finished', summary: SUMMARY },
    ]);
  });

  it('counts usage once per turn, from turn.completed', () => {
    // The scripted server charged 100+120+…+180 input and 10+12+…+18 output over 7 requests.
    expect(ofType(play(mapper(), 'codex-tools'), 'usage')).toEqual([{ type: 'usage', inputTokens: 1020, outputTokens: 102 }]);
  });

  it('fails the turn once, with the error Codex gives, when the model answers HTTP 500', () => {
    const outcomes = play(mapper(), 'codex-http500');
    expect(endings(outcomes)).toEqual([{ kind: 'failed', error: 'We’re currently experiencing high demand, which may cause temporary errors.' }]);
    // The fatal error is the turn's failure, not a separate warning as well.
    expect(ofType(outcomes, 'error').map((error) => error.message)).not.toContain('We’re currently experiencing high demand, which may cause temporary errors.');
  });

  it('keeps the commands that ran before a model request failed', () => {
    const outcomes = play(mapper(), 'codex-midfail');
    expect(ofType(outcomes, 'exec.end')).toEqual([{ type: 'exec.end', callId: 't-item_1', exitCode: 0, durationMs: 250, timedOut: false }]);
    expect(ofType(outcomes, 'exec.output').map((output) => output.text)).toEqual(['started\n']);
    expect(endings(outcomes)).toEqual([{ kind: 'failed', error: '{"error":{"message":"scripted bad request","type":"invalid_request_error"}}' }]);
  });

  it('reports a dropped stream that Codex retries as a retryable error, and still finishes', () => {
    const outcomes = play(mapper(), 'codex-retry');
    expect(ofType(outcomes, 'error')).toContainEqual({
      type: 'error',
      message: 'Reconnecting... 1/5 (stream disconnected before completion: Transport error: network error: error decoding response body)',
      retryable: true,
    });
    expect(endings(outcomes)).toEqual([{ kind: 'finished', summary: 'Recovered.' }]);
  });

  it('resumes the same thread, with call ids that do not collide with the first turn', () => {
    const first = play(mapper('turn1'), 'codex-tools');
    const second = play(mapper('turn2'), 'codex-resume');
    expect(sessions(second)).toEqual([THREAD]);
    expect(sessions(first)).toEqual([THREAD]);
    // Codex numbers items anew in every process: item_1 exists in both runs' raw output.
    const firstIds = new Set(ofType(first, 'exec.begin').map((begin) => begin.callId));
    const secondIds = ofType(second, 'exec.begin').map((begin) => begin.callId);
    expect(secondIds).toEqual(['turn2-item_1']);
    expect(secondIds.some((id) => firstIds.has(id))).toBe(false);
    expect(endings(second)).toEqual([{ kind: 'finished', summary: 'Resumed and checked.' }]);
  });

  it('gives every line of every capture a result without throwing', () => {
    for (const name of ['codex-tools', 'codex-http500', 'codex-midfail', 'codex-retry', 'codex-resume']) {
      const reader = mapper();
      for (const line of fixtureLines(name)) expect(Array.isArray(reader.line(line))).toBe(true);
    }
  });
});

// Hand-written lines below: shapes the captures do not contain, to pin down the rules.
describe('Codex CLI stream, hand-written lines', () => {
  it('passes on a top-level error as a warning when Codex goes on after it', () => {
    const reader = mapper();
    expect(reader.line(JSON.stringify({ type: 'error', message: 'Falling back from WebSockets to HTTPS transport' }))).toEqual([]);
    expect(reader.line(JSON.stringify({ type: 'item.completed', item: { id: 'item_9', type: 'agent_message', text: 'Still here.' } }))).toEqual([
      { kind: 'event', event: { type: 'error', message: 'Falling back from WebSockets to HTTPS transport', retryable: true } },
      { kind: 'event', event: { type: 'agent.message', text: 'Still here.' } },
    ]);
  });

  it('fails with the held error when turn.failed carries no message', () => {
    const reader = mapper();
    reader.line(JSON.stringify({ type: 'error', message: 'stream ended' }));
    expect(reader.line(JSON.stringify({ type: 'turn.failed', error: 7 }))).toEqual([{ kind: 'failed', error: 'stream ended' }]);
  });

  it('passes on only the new part of a command output that grows across updates', () => {
    const reader = mapper();
    const item = (phase: string, output: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ type: phase, item: { id: 'item_1', type: 'command_execution', command: 'make', aggregated_output: output, exit_code: null, status: 'in_progress', ...extra } });
    reader.line(item('item.started', ''));
    expect(reader.line(item('item.updated', 'one\n'))).toEqual([{ kind: 'event', event: { type: 'exec.output', callId: 't-item_1', stream: 'stdout', text: 'one\n' } }]);
    expect(reader.line(item('item.completed', 'one\ntwo\n', { status: 'failed' }))).toEqual([
      { kind: 'event', event: { type: 'exec.output', callId: 't-item_1', stream: 'stdout', text: 'two\n' } },
      // No exit code from Codex: a failed command counts as exit 1.
      { kind: 'event', event: { type: 'exec.end', callId: 't-item_1', exitCode: 1, durationMs: 250, timedOut: false } },
    ]);
  });

  it('reports a patch Codex could not apply, with paths outside the workspace kept absolute', () => {
    const line = JSON.stringify({
      type: 'item.completed',
      item: { id: 'item_2', type: 'file_change', changes: [{ path: `${CWD}/src/a.ts`, kind: 'update' }, { path: '/etc/hosts', kind: 'update' }], status: 'failed' },
    });
    expect(mapper().line(line)).toEqual([
      { kind: 'event', event: { type: 'patch.applied', callId: 't-item_2', ok: false, files: ['src/a.ts', '/etc/hosts'], error: 'Codex reports the change as failed' } },
    ]);
  });

  it('still finishes a turn whose usage it cannot read', () => {
    expect(mapper().line(JSON.stringify({ type: 'turn.completed', usage: { input_tokens: -5, output_tokens: 'many' } }))).toEqual([{ kind: 'finished', summary: '' }]);
  });
});
