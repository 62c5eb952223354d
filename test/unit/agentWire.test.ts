import { afterEach, describe, expect, it } from 'vitest';
import type { EventBody } from '../../shared/events.js';
import { MODES } from '../../shared/modes.js';
import type { WireApi } from '../../electron/config/provider.js';
import { chatMessages } from '../../electron/agent/model/chatMessages.js';
import { createModelClient } from '../../electron/agent/model/modelClient.js';
import type { ModelReply } from '../../electron/agent/model/modelTypes.js';
import { responsesInput } from '../../electron/agent/model/responsesInput.js';
import { BUILT_IN_TOOLS } from '../../electron/agent/tools/builtInTools.js';
import type { ConversationItem } from '../../electron/agent/types.js';
import type { Step, StreamStyle } from '../support/modelServer/index.js';
import { cleanupAgentRuns, modelServer, ofType } from './agentFixture.js';

afterEach(cleanupAgentRuns);

const wires: WireApi[] = ['chat', 'responses'];
const styles: (StreamStyle | StreamStyle[])[] = ['split', 'whole', 'stopFinish', ['whole', 'stopFinish']];

const twoCalls: Step = {
  text: 'Looking at the tests first.',
  reasoning: 'The failure is probably in the parser.',
  toolCalls: [
    { name: 'shell', arguments: { command: ['rg', '-n', 'parse', 'src'], workdir: 'pkg' } },
    { name: 'update_plan', arguments: { plan: [{ step: 'Find the bug — “ünïcode” 🐛', status: 'in_progress' }] } },
  ],
  usage: { input: 321, output: 45 },
};

async function ask(wire: WireApi, step: Step): Promise<{ reply: ModelReply; events: EventBody[] }> {
  const server = await modelServer([step]);
  const events: EventBody[] = [];
  const client = createModelClient(
    { baseUrl: server.baseUrl, model: 'test-model', wire },
    { maxRetries: 0, streamIdleTimeoutMs: 5_000 },
    (event) => events.push(event),
  );
  const reply = await client.send(
    { instructions: 'Be brief.', items: [{ role: 'user', text: 'Go.' }], tools: BUILT_IN_TOOLS.offeredIn(MODES.code), showText: true },
    new AbortController().signal,
  );
  return { reply, events };
}

describe('model client streaming', () => {
  for (const wire of wires) {
    for (const style of styles) {
      it(`assembles the same tool calls on ${wire} with style ${String(style)}`, async () => {
        const { reply, events } = await ask(wire, { ...twoCalls, style });
        expect(reply.toolCalls.map((call) => ({ name: call.name, args: JSON.parse(call.arguments) as unknown }))).toEqual(
          twoCalls.toolCalls?.map((call) => ({ name: call.name, args: call.arguments })),
        );
        expect(reply.toolCalls.every((call) => typeof call.callId === 'string' && call.callId !== '')).toBe(true);
        expect(new Set(reply.toolCalls.map((call) => call.callId)).size).toBe(2);
        expect(reply.text).toBe(twoCalls.text);
        expect(ofType(events, 'agent.delta').map((event) => event.text).join('')).toBe(twoCalls.text);
        expect(ofType(events, 'agent.reasoning').map((event) => event.text).join('')).toBe(twoCalls.reasoning);
        expect(reply.usage).toEqual({ inputTokens: 321, outputTokens: 45 });
      });
    }

    it(`reports missing and repeated ids as the server sent them on ${wire}`, async () => {
      const missing = await ask(wire, { ...twoCalls, style: 'noIds' });
      expect(missing.reply.toolCalls.map((call) => call.callId)).toEqual([undefined, undefined]);
      expect(missing.reply.toolCalls.map((call) => call.name)).toEqual(['shell', 'update_plan']);
      const repeated = await ask(wire, { ...twoCalls, style: ['repeatIds', 'whole'] });
      const [first, second] = repeated.reply.toolCalls;
      expect(first?.callId).toBeDefined();
      expect(second?.callId).toBe(first?.callId);
      expect(second?.name).toBe('update_plan');
    });

    it(`keeps malformed arguments as they came on ${wire}`, async () => {
      const { reply } = await ask(wire, { toolCalls: [{ name: 'shell', arguments: { command: ['ls', '-la'] } }], style: 'malformedArgs' });
      expect(reply.toolCalls).toHaveLength(1);
      const whole = JSON.stringify({ command: ['ls', '-la'] });
      expect(reply.toolCalls[0]?.arguments).toBe(whole.slice(0, Math.ceil(whole.length / 2)));
    });

    it(`sends the request the wire expects on ${wire}`, async () => {
      const server = await modelServer([{ text: 'ok' }]);
      const client = createModelClient(
        { baseUrl: server.baseUrl, model: 'm-1', wire, extraHeaders: { 'x-gateway': 'blue' }, reasoningEffort: 'low' },
        { maxRetries: 0, streamIdleTimeoutMs: 5_000 },
        () => undefined,
      );
      await client.send({ instructions: 'I', items: [{ role: 'user', text: 'U' }], tools: BUILT_IN_TOOLS.offeredIn(MODES.code), showText: false }, new AbortController().signal);
      const request = server.requests[0];
      expect(request?.path).toBe(wire === 'chat' ? '/v1/chat/completions' : '/v1/responses');
      expect(request?.headers['x-gateway']).toBe('blue');
      expect(request?.headers.authorization).toBe('Bearer no-key');
      const body = request?.body ?? {};
      expect(body.model).toBe('m-1');
      expect(body.stream).toBe(true);
      if (wire === 'chat') {
        expect(body.stream_options).toEqual({ include_usage: true });
        expect(body.reasoning_effort).toBe('low');
        expect(body.messages).toEqual([{ role: 'system', content: 'I' }, { role: 'user', content: 'U' }]);
      } else {
        expect(body.store).toBe(false);
        expect(body.instructions).toBe('I');
        expect(body.reasoning).toEqual({ effort: 'low', summary: 'auto' });
        expect(body.previous_response_id).toBeUndefined();
      }
    });
  }
});

describe('conversation on the wires', () => {
  const conversation: ConversationItem[] = [
    { role: 'user', text: 'Fix it.' },
    { role: 'assistant', text: 'Running the tests.' },
    { role: 'tool_call', callId: 'call_a', name: 'shell', arguments: '{"command":["make","test"]}' },
    { role: 'tool_call', callId: 'call_b', name: 'update_plan', arguments: '{"plan":[]}' },
    { role: 'tool_result', callId: 'call_a', output: 'Exit code: 2' },
    { role: 'tool_result', callId: 'call_b', output: 'Plan updated.' },
    { role: 'tool_call', callId: 'call_c', name: 'shell', arguments: '{"command":["ls"]}' },
    { role: 'tool_result', callId: 'call_c', output: 'Exit code: 0' },
    { role: 'summary', text: 'Earlier: found the bug.' },
    { role: 'assistant', text: 'Done.' },
  ];

  it('puts each step\'s calls on one assistant message on chat, results after it', () => {
    const messages = chatMessages('SYS', conversation);
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool', 'assistant', 'tool', 'user', 'assistant']);
    expect(messages[2]).toEqual({
      role: 'assistant',
      content: 'Running the tests.',
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'shell', arguments: '{"command":["make","test"]}' } },
        { id: 'call_b', type: 'function', function: { name: 'update_plan', arguments: '{"plan":[]}' } },
      ],
    });
    expect(messages[3]).toEqual({ role: 'tool', tool_call_id: 'call_a', content: 'Exit code: 2' });
    expect(messages[5]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_c', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } }],
    });
    expect(messages[7]?.content).toMatch(/compacted[\s\S]*Earlier: found the bug\.$/);
  });

  it('gives function_call and function_call_output items on responses', () => {
    const items = responsesInput(conversation);
    expect(items.map((item) => ('type' in item ? item.type : undefined))).toEqual([
      'message', 'message', 'function_call', 'function_call', 'function_call_output', 'function_call_output',
      'function_call', 'function_call_output', 'message', 'message',
    ]);
    expect(items[2]).toEqual({ type: 'function_call', call_id: 'call_a', name: 'shell', arguments: '{"command":["make","test"]}' });
    expect(items[5]).toEqual({ type: 'function_call_output', call_id: 'call_b', output: 'Plan updated.' });
    expect(items[9]).toEqual({ type: 'message', role: 'assistant', content: 'Done.' });
  });
});
