import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chatCompletionToResponse,
  ChatToResponsesStream,
  responsesRequestToChat,
  TranslationError,
  UpstreamError,
  type ReasoningOutput,
  type ResponsesSseEvent,
  type ResponsesToChatContext,
} from '../../electron/gateway/translate/index.js';

const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 1000);

function contextFor(tools: unknown[] = [], reasoning: ReasoningOutput = 'reasoning_text'): ResponsesToChatContext {
  return responsesRequestToChat({ model: 'gpt-local', tools }, { reasoning }).context;
}

const codexTools = [
  { type: 'function', name: 'shell', parameters: { type: 'object' } },
  { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
  { type: 'namespace', name: 'mcp__docs__', description: 'Docs', tools: [{ type: 'function', name: 'lookup', parameters: {} }] },
];

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'qwen3', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

function usageChunk(prompt: number, completion: number): Record<string, unknown> {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'qwen3', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } };
}

function run(chunks: unknown[], context = contextFor(codexTools)): ResponsesSseEvent[] {
  const stream = new ChatToResponsesStream(context);
  return [...chunks.flatMap((value) => stream.push(value)), ...stream.finish()];
}

interface CodexTurn {
  items: Record<string, unknown>[];
  text: string;
  reasoning: string;
  completed: { id: string; usage: unknown } | undefined;
  failed: { code: unknown; message: unknown } | undefined;
}

/**
 * Reads events the way Codex CLI's Responses SSE parser does: by each data's
 * `type`, items from output_item.done checked against its ResponseItem shapes,
 * and the turn finished by response.completed with an id and, if any, a usage
 * with whole input, output and total counts.
 */
function asCodex(events: ResponsesSseEvent[]): CodexTurn {
  const turn: CodexTurn = { items: [], text: '', reasoning: '', completed: undefined, failed: undefined };
  let sequence = -1;
  for (const { event, data } of events) {
    expect(data.type).toBe(event);
    expect(data.sequence_number).toBeGreaterThan(sequence);
    sequence = data.sequence_number;
    expect(turn.completed ?? turn.failed).toBeUndefined();
    const value = data as Record<string, unknown>;
    switch (event) {
      case 'response.output_item.done':
        turn.items.push(codexItem(value.item));
        break;
      case 'response.output_text.delta':
        turn.text += String(value.delta);
        break;
      case 'response.reasoning_text.delta':
        expect(typeof value.content_index).toBe('number');
        turn.reasoning += String(value.delta);
        break;
      case 'response.reasoning_summary_text.delta':
        expect(typeof value.summary_index).toBe('number');
        turn.reasoning += String(value.delta);
        break;
      case 'response.completed': {
        const response = value.response as Record<string, unknown>;
        expect(typeof response.id).toBe('string');
        if (response.usage !== null) {
          expect(response.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number), total_tokens: expect.any(Number) });
        }
        turn.completed = { id: response.id as string, usage: response.usage };
        break;
      }
      case 'response.failed': {
        const error = (value.response as { error: { code: unknown; message: unknown } }).error;
        turn.failed = { code: error.code, message: error.message };
        break;
      }
      default:
        break;
    }
  }
  return turn;
}

function codexItem(item: unknown): Record<string, unknown> {
  const value = item as Record<string, unknown>;
  switch (value.type) {
    case 'message':
      expect(value.role).toBe('assistant');
      for (const part of value.content as { type: string; text: unknown }[]) {
        expect(part.type).toBe('output_text');
        expect(typeof part.text).toBe('string');
      }
      break;
    case 'function_call':
    case 'custom_tool_call':
      expect(typeof value.call_id).toBe('string');
      expect(typeof value.name).toBe('string');
      expect(typeof (value.type === 'function_call' ? value.arguments : value.input)).toBe('string');
      break;
    case 'reasoning':
      expect(Array.isArray(value.summary)).toBe(true);
      break;
    default:
      throw new Error(`Codex would skip an item of type ${String(value.type)}`);
  }
  return value;
}

function types(events: ResponsesSseEvent[]): string[] {
  return events.map((event) => event.event);
}

describe('Chat stream to Responses stream', () => {
  it('streams text in the order the Responses API gives its events', () => {
    const events = run([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop'), usageChunk(12, 3)]);
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const turn = asCodex(events);
    expect(turn.text).toBe('Hello');
    expect(turn.items).toEqual([{ id: expect.stringMatching(/^msg_/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [] }] }]);
    expect(turn.completed?.usage).toEqual({
      input_tokens: 12,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 3,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 15,
    });
    const completed = events.at(-1)?.data.response as { id: string };
    expect(completed).toMatchObject({ status: 'completed', model: 'gpt-local', output: turn.items });
    expect(completed.id).toBe((events[0]?.data.response as { id: string }).id);
  });

  it('announces a function call, streams its argument fragments and closes it at the end', () => {
    const events = run([
      chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'shell', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"comm' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'and":["ls"]}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const added = events.find((event) => event.event === 'response.output_item.added');
    expect(added?.data.item).toMatchObject({ type: 'function_call', call_id: 'call_a', name: 'shell', arguments: '', status: 'in_progress' });
    const deltas = events.filter((event) => event.event === 'response.function_call_arguments.delta').map((event) => event.data.delta);
    expect(deltas).toEqual(['{"comm', 'and":["ls"]}']);
    const argsDone = events.find((event) => event.event === 'response.function_call_arguments.done');
    expect(argsDone?.data).toMatchObject({ name: 'shell', arguments: '{"command":["ls"]}' });
    const turn = asCodex(events);
    expect(turn.items).toEqual([
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', call_id: 'call_a', name: 'shell', arguments: '{"command":["ls"]}' },
    ]);
    expect(turn.completed?.usage).toBeNull();
  });

  it('closes the text item before a tool call starts', () => {
    const events = run([
      chunk({ content: 'Let me look.' }),
      chunk({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'shell', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const order = events.map((event) => `${event.event}:${String(event.data.output_index ?? '')}`);
    expect(order.indexOf('response.output_item.done:0')).toBeLessThan(order.indexOf('response.output_item.added:1'));
    expect(asCodex(events).items.map((item) => item.type)).toEqual(['message', 'function_call']);
  });

  it('keeps parallel calls apart, interleaved or not', () => {
    const events = run([
      chunk({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'shell', arguments: '{"a":' } }, { index: 1, id: 'c2', function: { name: 'shell', arguments: '{"b":' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '2}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const turn = asCodex(events);
    expect(turn.items.map((item) => [item.call_id, item.arguments])).toEqual([
      ['c1', '{"a":1}'],
      ['c2', '{"b":2}'],
    ]);
    const deltasByItem = new Map<unknown, string>();
    for (const event of events.filter((candidate) => candidate.event === 'response.function_call_arguments.delta')) {
      deltasByItem.set(event.data.item_id, (deltasByItem.get(event.data.item_id) ?? '') + String(event.data.delta));
    }
    expect([...deltasByItem.values()]).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('tells calls apart by id when a server reuses index 0, and makes up missing or repeated ids', () => {
    const events = run([
      chunk({ tool_calls: [{ index: 0, id: 'same', function: { name: 'shell', arguments: '{"n":1}' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'other', function: { name: 'shell', arguments: '{"n":2}' } }] }),
      chunk({ tool_calls: [{ function: { name: 'shell', arguments: '{"n":3}' } }] }),
      chunk({ tool_calls: [{ index: 3, id: 'same', function: { name: 'shell', arguments: '{"n":4}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const calls = asCodex(events).items;
    expect(calls.map((item) => item.arguments)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
    const ids = calls.map((item) => item.call_id as string);
    expect(ids.slice(0, 2)).toEqual(['same', 'other']);
    expect(ids[2]).toMatch(/^call_/);
    expect(new Set(ids).size).toBe(4);
  });

  it('takes a whole tool call in one chunk with finish_reason stop, as Ollama sends it', () => {
    const events = run([
      chunk({ role: 'assistant', content: '', tool_calls: [{ id: 'call_x', index: 0, type: 'function', function: { name: 'shell', arguments: { command: ['pwd'] } } }] }),
      chunk({}, 'stop'),
    ]);
    const turn = asCodex(events);
    expect(turn.items).toMatchObject([{ type: 'function_call', call_id: 'call_x', arguments: '{"command":["pwd"]}' }]);
    expect(turn.completed).toBeDefined();
  });

  it('gives a freeform tool call as a custom_tool_call with its raw input and no deltas', () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch';
    const args = JSON.stringify({ input: patch });
    const events = run([
      chunk({ tool_calls: [{ index: 0, id: 'p1', function: { name: 'apply_patch', arguments: args.slice(0, 9) } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(9) } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(types(events)).not.toContain('response.function_call_arguments.delta');
    expect(asCodex(events).items).toEqual([{ id: expect.stringMatching(/^fc_/), type: 'custom_tool_call', call_id: 'p1', name: 'apply_patch', input: patch }]);
  });

  it('takes a freeform input sent raw instead of as JSON', () => {
    const events = run([chunk({ tool_calls: [{ index: 0, id: 'p1', function: { name: 'apply_patch', arguments: '*** Begin Patch' } }] }), chunk({}, 'tool_calls')]);
    expect(asCodex(events).items[0]).toMatchObject({ type: 'custom_tool_call', input: '*** Begin Patch' });
  });

  it('gives a namespaced call its namespace back', () => {
    const events = run([chunk({ tool_calls: [{ index: 0, id: 'n1', function: { name: 'mcp__docs__lookup', arguments: '{}' } }] }), chunk({}, 'tool_calls')]);
    expect(asCodex(events).items[0]).toMatchObject({ type: 'function_call', name: 'lookup', namespace: 'mcp__docs__' });
  });

  it('keeps a call to a tool the request did not have as a plain function call', () => {
    const events = run([chunk({ tool_calls: [{ index: 0, id: 'h1', function: { name: 'made_up', arguments: '{}' } }] }), chunk({}, 'tool_calls')]);
    expect(asCodex(events).items[0]).toMatchObject({ type: 'function_call', name: 'made_up' });
  });

  it('waits for the name before announcing a call', () => {
    const events = run([
      chunk({ tool_calls: [{ index: 0, id: 'c1', function: { arguments: '{"x"' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: 'shell', arguments: ':1}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const added = events.find((event) => event.event === 'response.output_item.added');
    expect(added?.data.item).toMatchObject({ name: 'shell' });
    expect(asCodex(events).items[0]).toMatchObject({ arguments: '{"x":1}' });
  });

  it('streams reasoning_content as reasoning text before the answer', () => {
    const events = run([chunk({ reasoning_content: 'Think' }), chunk({ reasoning_content: 'ing.' }), chunk({ content: 'Answer' }), chunk({}, 'stop')]);
    const turn = asCodex(events);
    expect(turn.reasoning).toBe('Thinking.');
    expect(turn.items).toMatchObject([
      { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Thinking.' }] },
      { type: 'message', content: [{ text: 'Answer' }] },
    ]);
  });

  it('streams Ollama-style `reasoning` as a summary when asked to', () => {
    const events = run([chunk({ reasoning: 'Hmm' }), chunk({ content: 'Ok' }), chunk({}, 'stop')], contextFor([], 'summary'));
    expect(types(events)).toContain('response.reasoning_summary_part.added');
    expect(types(events)).toContain('response.reasoning_summary_part.done');
    expect(asCodex(events).items[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Hmm' }] });
  });

  it('drops reasoning when asked to', () => {
    const events = run([chunk({ reasoning_content: 'Hmm' }), chunk({ content: 'Ok' }), chunk({}, 'stop')], contextFor([], 'drop'));
    expect(asCodex(events).items.map((item) => item.type)).toEqual(['message']);
  });

  it('ends with response.incomplete when the provider ran out of tokens', () => {
    const events = run([chunk({ content: 'partial' }), chunk({}, 'length')]);
    const last = events.at(-1);
    expect(last?.event).toBe('response.incomplete');
    expect(last?.data.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  it('fails a stream that ends without a finish_reason', () => {
    const turn = asCodex(run([chunk({ content: 'cut off' })]));
    expect(turn.failed).toEqual({ code: 'stream_incomplete', message: expect.stringContaining('finish_reason') });
    expect(turn.items).toEqual([]);
  });

  it('fails with the error a provider sends as a chunk, and ignores what follows', () => {
    const stream = new ChatToResponsesStream(contextFor());
    const events = [
      ...stream.push(chunk({ content: 'a' })),
      ...stream.push({ error: { message: 'context length exceeded', code: 'context_length_exceeded' } }),
    ];
    expect(stream.done).toBe(true);
    expect(stream.push(chunk({ content: 'b' }))).toEqual([]);
    expect(stream.finish()).toEqual([]);
    expect(asCodex(events).failed).toEqual({ code: 'context_length_exceeded', message: 'context length exceeded' });
  });

  it('fails on a chunk that is not a Chat chunk', () => {
    const stream = new ChatToResponsesStream(contextFor());
    const turn = asCodex(stream.push({ choices: 'nope' }));
    expect(turn.failed).toEqual({ code: 'invalid_provider_stream', message: expect.stringContaining('provider chunk.choices') });
  });

  it('fails on request, starting the stream first if need be', () => {
    const stream = new ChatToResponsesStream(contextFor());
    const events = stream.fail('upstream connection reset');
    expect(types(events)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(asCodex(events).failed).toEqual({ code: 'server_error', message: 'upstream connection reset' });
  });

  it('reassembles arguments and text however the stream is split', () => {
    const split = (text: string, cuts: number[]): string[] => {
      const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
      return [0, ...points].map((start, index) => text.slice(start, [...points, text.length][index]));
    };
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), fc.string()), fc.array(fc.nat(), { maxLength: 8 }), (text, args, cuts) => {
        const json = JSON.stringify(args);
        const chunks = [
          ...split(text, cuts).map((piece) => chunk({ content: piece })),
          ...split(json, cuts).map((piece, index) => chunk({ tool_calls: [{ index: 0, ...(index === 0 ? { id: 'c', function: { name: 'shell', arguments: piece } } : { function: { arguments: piece } }) }] })),
          chunk({}, 'tool_calls'),
        ];
        const turn = asCodex(run(chunks));
        expect(turn.text).toBe(text);
        const call = turn.items.find((item) => item.type === 'function_call');
        expect(call?.arguments).toBe(json);
        expect(turn.items.find((item) => item.type === 'message')).toEqual(text === '' ? undefined : expect.objectContaining({ content: [expect.objectContaining({ text })] }));
      }),
      { numRuns: fuzzRuns },
    );
  });

  it('never throws on arbitrary chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), fc.record({ choices: fc.array(fc.record({ delta: fc.anything(), finish_reason: fc.anything(), index: fc.anything() })) }))), (chunks) => {
        const stream = new ChatToResponsesStream(contextFor(codexTools));
        for (const value of chunks) stream.push(value);
        const last = [...stream.finish()].at(-1);
        expect(stream.done).toBe(true);
        if (last !== undefined) expect(['response.completed', 'response.incomplete', 'response.failed']).toContain(last.event);
      }),
      { numRuns: fuzzRuns },
    );
  });
});

describe('Chat answer to Responses answer', () => {
  const completion = (message: Record<string, unknown>, finishReason = 'stop', usage: unknown = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 4 } }) => ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'qwen3',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
    usage,
  });

  it('gives text and usage', () => {
    const response = chatCompletionToResponse(completion({ content: 'Hi there' }), contextFor());
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-local',
      error: null,
      incomplete_details: null,
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi there', annotations: [] }] }],
      usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 5, total_tokens: 15 },
    });
    expect(response.id).toMatch(/^resp_/);
  });

  it('gives reasoning, text and every kind of tool call in order', () => {
    const response = chatCompletionToResponse(
      completion(
        {
          content: 'Calling.',
          reasoning_content: 'Need files.',
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
            { id: 'c2', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' } },
            { id: 'c3', type: 'function', function: { name: 'mcp__docs__lookup', arguments: '{}' } },
          ],
        },
        'tool_calls',
        null,
      ),
      contextFor(codexTools),
    );
    expect(response.usage).toBeNull();
    expect(response.output).toMatchObject([
      { type: 'reasoning', content: [{ type: 'reasoning_text', text: 'Need files.' }] },
      { type: 'message', content: [{ text: 'Calling.' }] },
      { type: 'function_call', call_id: 'c1', name: 'shell', arguments: '{"command":["ls"]}', status: 'completed' },
      { type: 'custom_tool_call', call_id: 'c2', name: 'apply_patch', input: '*** Begin Patch' },
      { type: 'function_call', call_id: 'c3', name: 'lookup', namespace: 'mcp__docs__' },
    ]);
  });

  it('reads the legacy function_call and an array content', () => {
    const response = chatCompletionToResponse(
      completion({ content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], function_call: { name: 'shell', arguments: '{}' } }, 'function_call'),
      contextFor(codexTools),
    );
    expect(response.output).toMatchObject([{ type: 'message', content: [{ text: 'ab' }] }, { type: 'function_call', name: 'shell' }]);
  });

  it('marks a cut-off answer incomplete', () => {
    expect(chatCompletionToResponse(completion({ content: 'x' }, 'length'), contextFor())).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  it('throws UpstreamError for an error body and TranslationError for a wrong shape', () => {
    expect(() => chatCompletionToResponse({ error: { message: 'model not found', code: 'model_not_found' } }, contextFor())).toThrow(UpstreamError);
    expect(() => chatCompletionToResponse({ choices: [] }, contextFor())).toThrow(/provider answer\.choices: the answer has no choices/);
    expect(() => chatCompletionToResponse('<html>', contextFor())).toThrow(TranslationError);
  });
});
