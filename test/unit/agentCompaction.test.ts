import { afterEach, describe, expect, it } from 'vitest';
import type { HttpFaultStep } from '../support/modelServer/index.js';
import { cleanupAgentRuns, conversationOf, instructionsOf, ofType, runAgent, toolNamesOf } from './agentFixture.js';

afterEach(cleanupAgentRuns);

const overflow: HttpFaultStep = {
  fault: 'http',
  status: 400,
  body: {
    error: {
      message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9100 tokens.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    },
  },
};

function userTextOf(entry: Record<string, unknown> | undefined): string {
  return typeof entry?.content === 'string' ? entry.content : '';
}

describe.each(['chat', 'responses'] as const)('compaction on the %s wire', (wire) => {
  it('summarises the history when usage nears the context window, and goes on from the summary', async () => {
    const run = await runAgent({
      wire,
      provider: { contextWindow: 1_000 },
      script: [
        { toolCalls: [{ name: 'shell', arguments: { command: ['echo', 'COMPACT-ME-OUTPUT'] } }], usage: { input: 900, output: 20 } },
        { text: 'HANDOFF: echo printed the marker; next, finish.', usage: { input: 300, output: 30 } },
        { text: 'Done after compaction.', usage: { input: 100, output: 5 } },
      ],
    });
    expect(run.outcome?.summary).toBe('Done after compaction.');
    expect(run.requests).toHaveLength(3);

    const summaryRequest = run.requests[1];
    expect(toolNamesOf(summaryRequest)).toEqual([]);
    expect(instructionsOf(summaryRequest)).toMatch(/hand-off notes/);
    const [asked] = conversationOf(summaryRequest);
    expect(userTextOf(asked)).toContain('[user]\nFix the failing test.');
    expect(userTextOf(asked)).toContain('[tool call call_1: shell]');
    expect(userTextOf(asked)).toMatch(/\[result of call_1\]\nExit code: 0[\s\S]*COMPACT-ME-OUTPUT/);
    expect(userTextOf(asked)).toMatch(/Write the hand-off note now/);

    const after = run.requests[2];
    expect(toolNamesOf(after)).toEqual(['shell', 'apply_patch', 'update_plan']);
    const history = conversationOf(after);
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ role: 'user', content: 'Fix the failing test.' });
    expect(userTextOf(history[1])).toMatch(/^Summary of the earlier part of this task[\s\S]*HANDOFF: echo printed the marker; next, finish\.$/);
    expect(JSON.stringify(after?.body)).not.toContain('COMPACT-ME-OUTPUT');

    expect(ofType(run.events, 'context.compacted')).toEqual([
      { type: 'context.compacted', summaryChars: 'HANDOFF: echo printed the marker; next, finish.'.length, itemsBefore: 3, itemsAfter: 2 },
    ]);
    expect(ofType(run.events, 'agent.delta').map((event) => event.text).join('')).not.toContain('HANDOFF');
    expect(run.outcome?.usage).toEqual({ inputTokens: 1_300, outputTokens: 55 });
    expect(run.outcome?.conversation).toEqual([
      { role: 'user', text: 'Fix the failing test.' },
      { role: 'summary', text: 'HANDOFF: echo printed the marker; next, finish.' },
      { role: 'assistant', text: 'Done after compaction.' },
    ]);
  });

  it('keeps the first and the recent user messages of a long conversation', async () => {
    const run = await runAgent({
      wire,
      provider: { contextWindow: 1_000 },
      prompt: 'Follow-up two.',
      conversation: [
        { role: 'user', text: 'The original task.' },
        { role: 'assistant', text: 'x'.repeat(4_000) },
        { role: 'user', text: 'Follow-up one.' },
        { role: 'assistant', text: 'Did that too.' },
      ],
      script: [{ text: 'SUMMARY-OF-ALL' }, { text: 'Handled.', usage: { input: 50, output: 5 } }],
    });
    expect(toolNamesOf(run.requests[0])).toEqual([]);
    const history = conversationOf(run.requests[1]);
    expect(history.map(userTextOf)).toEqual([
      'The original task.',
      'Follow-up one.',
      'Follow-up two.',
      expect.stringMatching(/SUMMARY-OF-ALL$/) as unknown,
    ]);
    expect(ofType(run.events, 'context.compacted')[0]).toMatchObject({ itemsBefore: 5, itemsAfter: 4 });
  });

  it('compacts and resends when the server says the context overflowed', async () => {
    const run = await runAgent({
      wire,
      script: [
        { toolCalls: [{ name: 'shell', arguments: { command: ['echo', 'hi'] } }] },
        overflow,
        { text: 'SHORT-SUMMARY' },
        { text: 'Finished anyway.' },
      ],
    });
    expect(run.outcome?.summary).toBe('Finished anyway.');
    expect(ofType(run.events, 'context.compacted')).toHaveLength(1);
    expect(ofType(run.events, 'error')).toHaveLength(0);
    expect(userTextOf(conversationOf(run.requests[3]).at(-1))).toMatch(/SHORT-SUMMARY$/);
  });

  it('fails clearly when even the compacted history overflows', async () => {
    const run = await runAgent({
      wire,
      script: [{ toolCalls: [{ name: 'shell', arguments: { command: ['echo', 'hi'] } }] }, overflow, { text: 'S' }, overflow],
    });
    expect(run.requests).toHaveLength(4);
    expect(run.error?.message).toMatch(/failed: HTTP 400 Bad Request: This model's maximum context length is 8192 tokens/);
    expect(run.error?.fix).toMatch(/no longer fits the model's context window even after compaction/);
  });
});
