import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anthropicRequestToChat,
  anthropicRequestToResponses,
  anthropicUsage,
  chatCompletionToAnthropic,
  ChatToAnthropicStream,
  responseToAnthropic,
  ResponsesToAnthropicStream,
  TranslationError,
  UpstreamError,
  type AnthropicSseEvent,
} from '../../electron/gateway/translate/index.js';

const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 1000);
const context = { model: 'claude-sonnet-4-5' };

describe('Anthropic request to Chat request', () => {
  it('maps system blocks, text, images, tool use and tool results, dropping thinking and cache_control quietly', () => {
    const { body, notes } = anthropicRequestToChat({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: [
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Be careful.' },
      ],
      thinking: { type: 'enabled', budget_tokens: 2000 },
      metadata: { user_id: 'u' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is here?', cache_control: { type: 'ephemeral' } },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Let me list.', signature: 'sig' },
            { type: 'text', text: 'Listing.' },
            { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
            { type: 'tool_use', id: 'toolu_2', name: 'Read', input: { path: 'a' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_2',
              is_error: true,
              content: [
                { type: 'text', text: 'not found' },
                { type: 'image', source: { type: 'url', url: 'https://example.test/x.png' } },
              ],
            },
            { type: 'text', text: 'Go on.' },
          ],
        },
      ],
    });
    expect(notes).toEqual([]);
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are Claude Code.\n\nBe careful.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is here?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Listing.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'Read', arguments: '{"path":"a"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'a.txt' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: not found\n(The tool returned 1 image(s), attached to the next user message.)' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'https://example.test/x.png' } },
          { type: 'text', text: 'Go on.' },
        ],
      },
    ]);
    expect(body).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 1024 });
    expect(body).not.toHaveProperty('thinking');
  });

  it('joins system messages between the turns (as Claude Code sends its environment notes) to the one system message', () => {
    const { body } = anthropicRequestToChat({
      model: 'm',
      max_tokens: 10,
      system: [{ type: 'text', text: 'You are Claude Code.' }],
      messages: [
        { role: 'user', content: 'fix add' },
        { role: 'system', content: [{ type: 'text', text: '# Environment\nWorking directory: /workspace' }] },
        { role: 'assistant', content: 'On it.' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are Claude Code.\n\n# Environment\nWorking directory: /workspace' },
      { role: 'user', content: 'fix add' },
      { role: 'assistant', content: 'On it.' },
    ]);
  });

  it('maps tools, tool choice, stop sequences, sampling and streaming', () => {
    const { body, notes } = anthropicRequestToChat(
      {
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
        tools: [
          { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } },
          { type: 'custom', name: 'Read', input_schema: { type: 'object' } },
          { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        ],
        tool_choice: { type: 'tool', name: 'Bash', disable_parallel_tool_use: true },
        stop_sequences: ['END'],
        temperature: 0.1,
        top_p: 0.8,
        top_k: 5,
        stream: true,
      },
      { maxTokensField: 'max_completion_tokens' },
    );
    expect(body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [
        { type: 'function', function: { name: 'Bash', description: 'Run a command', parameters: { type: 'object', properties: { command: { type: 'string' } } } } },
        { type: 'function', function: { name: 'Read', parameters: { type: 'object' } } },
      ],
      tool_choice: { type: 'function', function: { name: 'Bash' } },
      parallel_tool_calls: false,
      max_completion_tokens: 10,
      stop: ['END'],
      temperature: 0.1,
      top_p: 0.8,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(notes).toEqual([
      "tool 'web_search' of type 'web_search_20250305' left out: a Chat provider has no Anthropic server tools",
      'top_k left out: Chat Completions has no such setting',
    ]);
    const choice = (type: string) => anthropicRequestToChat({ model: 'm', messages: [], tools: [{ name: 't', input_schema: {} }], tool_choice: { type } }).body.tool_choice;
    expect([choice('auto'), choice('any'), choice('none'), choice('tool')]).toEqual(['auto', 'required', 'none', 'required']);
  });

  it('notes blocks with no Chat form and names wrong fields', () => {
    const { notes } = anthropicRequestToChat({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'x' } }, { type: 'text', text: 'sum it up' }] }],
    });
    expect(notes).toEqual(["request.messages[0].content[0] of type 'document' left out: Chat Completions takes only text and images here"]);
    expect(() => anthropicRequestToChat({ model: 'm', messages: [{ role: 'user', content: [{ type: 'tool_result' }] }] })).toThrow(/^request\.messages\[0\]\.content\[0\]\.tool_use_id: /);
    expect(() => anthropicRequestToChat({ model: 'm', messages: [{ role: 'robot', content: 'x' }] })).toThrow(/^request\.messages\[0\]\.role: /);
    expect(() => anthropicRequestToChat({ model: 'm', messages: [], tools: [{ name: 'x' }] })).toThrow(/^request\.tools\[0\]\.input_schema: /);
  });

  it('throws only TranslationError on arbitrary bodies', () => {
    const block = fc.record({ type: fc.constantFrom('text', 'image', 'tool_use', 'tool_result', 'thinking', 'x'), text: fc.anything(), source: fc.anything(), id: fc.anything(), input: fc.anything(), content: fc.anything(), tool_use_id: fc.anything() }, { requiredKeys: ['type'] });
    const body = fc.record({ model: fc.string(), messages: fc.array(fc.record({ role: fc.constantFrom('user', 'assistant'), content: fc.oneof(fc.string(), fc.array(block)) })), system: fc.anything(), tools: fc.anything(), tool_choice: fc.anything() });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), body), (value) => {
        try {
          anthropicRequestToChat(value);
        } catch (error) {
          if (!(error instanceof TranslationError)) throw error;
        }
      }),
      { numRuns: fuzzRuns },
    );
  });
});

describe('Chat answer to Anthropic message', () => {
  it('gives thinking, text and tool_use blocks with stop reason and usage', () => {
    const message = chatCompletionToAnthropic(
      {
        id: 'x',
        model: 'qwen',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: {
              role: 'assistant',
              reasoning_content: 'Hmm.',
              content: 'Running.',
              tool_calls: [
                { id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
                { type: 'function', function: { name: 'Read', arguments: 'not json' } },
              ],
            },
          },
        ],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 60 } },
      },
      context,
    );
    expect(message).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'Hmm.', signature: '' },
        { type: 'text', text: 'Running.' },
        { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
        { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'Read', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 40, output_tokens: 20, cache_read_input_tokens: 60 },
    });
    expect(anthropicUsage(message)).toEqual({ inputTokens: 100, outputTokens: 20 });
  });

  it('maps finish reasons', () => {
    const stop = (reason: string) => chatCompletionToAnthropic({ choices: [{ finish_reason: reason, message: { content: 'x' } }] }, context).stop_reason;
    expect([stop('stop'), stop('length'), stop('content_filter')]).toEqual(['end_turn', 'max_tokens', 'refusal']);
  });

  it('throws UpstreamError for an error body', () => {
    expect(() => chatCompletionToAnthropic({ error: 'model is loading' }, context)).toThrow(UpstreamError);
  });
});

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  return { id: 'c', object: 'chat.completion.chunk', model: 'qwen', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

interface ClaudeMessage {
  content: Record<string, unknown>[];
  stopReason: unknown;
  usage: Record<string, unknown>;
  error: unknown;
}

/**
 * Accumulates events the way the Anthropic SDK's message stream (which Claude
 * Code uses) does: blocks by index, text and thinking appended, tool input
 * parsed from the joined partial JSON at the end.
 */
function asClaude(events: AnthropicSseEvent[]): ClaudeMessage {
  const message: ClaudeMessage = { content: [], stopReason: undefined, usage: {}, error: undefined };
  const json = new Map<number, string>();
  let stopped = false;
  events.forEach(({ event, data }, position) => {
    expect(data.type).toBe(event);
    expect(stopped).toBe(false);
    const value = data as Record<string, unknown>;
    if (position === 0 && event !== 'error') expect(event).toBe('message_start');
    switch (event) {
      case 'message_start':
        message.usage = { ...((value.message as { usage: object }).usage) };
        break;
      case 'content_block_start':
        expect(value.index).toBe(message.content.length);
        message.content.push({ ...(value.content_block as object) });
        break;
      case 'content_block_delta': {
        const block = message.content[value.index as number];
        const delta = value.delta as Record<string, string>;
        if (block === undefined) throw new Error('delta for a block never started');
        if (delta.type === 'text_delta') block.text = String(block.text) + delta.text;
        else if (delta.type === 'thinking_delta') block.thinking = String(block.thinking) + delta.thinking;
        else if (delta.type === 'input_json_delta') json.set(value.index as number, (json.get(value.index as number) ?? '') + delta.partial_json);
        else throw new Error(`unknown delta ${delta.type}`);
        break;
      }
      case 'content_block_stop':
        break;
      case 'message_delta':
        message.stopReason = (value.delta as { stop_reason: unknown }).stop_reason;
        message.usage = { ...message.usage, ...(value.usage as object) };
        break;
      case 'message_stop':
      case 'error':
        message.error = event === 'error' ? value.error : undefined;
        stopped = true;
        break;
      default:
        throw new Error(`unexpected event ${event}`);
    }
  });
  for (const [index, text] of json) {
    const block = message.content[index];
    if (block) block.input = text === '' ? {} : (JSON.parse(text) as unknown);
  }
  return message;
}

describe('Chat stream to Anthropic stream', () => {
  function run(chunks: unknown[]): AnthropicSseEvent[] {
    const stream = new ChatToAnthropicStream(context);
    return [...chunks.flatMap((value) => stream.push(value)), ...stream.finish()];
  }

  it('streams text between message_start and message_stop', () => {
    const events = run([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi ' }), chunk({ content: 'there' }), chunk({}, 'stop'), { choices: [], usage: { prompt_tokens: 30, completion_tokens: 2 } }]);
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]?.data).toMatchObject({ message: { type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null } });
    const claude = asClaude(events);
    expect(claude.content).toEqual([{ type: 'text', text: 'Hi there' }]);
    expect(claude.stopReason).toBe('end_turn');
    expect(claude.usage).toMatchObject({ input_tokens: 30, output_tokens: 2 });
    expect(anthropicUsage(events.find((event) => event.event === 'message_delta')?.data)).toEqual({ inputTokens: 30, outputTokens: 2 });
  });

  it('streams thinking, text and tool calls as blocks one after another', () => {
    const events = run([
      chunk({ reasoning_content: 'Plan' }),
      chunk({ content: 'Doing it.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"comm' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'and":"ls"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'Read', arguments: '{"path":"a"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const claude = asClaude(events);
    expect(claude.content).toEqual([
      { type: 'thinking', thinking: 'Plan', signature: '' },
      { type: 'text', text: 'Doing it.' },
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
      { type: 'tool_use', id: 'call_2', name: 'Read', input: { path: 'a' } },
    ]);
    expect(claude.stopReason).toBe('tool_use');
    const starts = events.filter((event) => event.event === 'content_block_start').length;
    expect(events.filter((event) => event.event === 'content_block_stop')).toHaveLength(starts);
  });

  it('sends late fragments of an interleaved call to its own block', () => {
    const claude = asClaude(
      run([
        chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'Bash', arguments: '{"x":' } }, { index: 1, id: 'b', function: { name: 'Read', arguments: '{"y":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }, { index: 1, function: { arguments: '2}' } }] }),
        chunk({}, 'tool_calls'),
      ]),
    );
    expect(claude.content).toEqual([
      { type: 'tool_use', id: 'a', name: 'Bash', input: { x: 1 } },
      { type: 'tool_use', id: 'b', name: 'Read', input: { y: 2 } },
    ]);
  });

  it('says tool_use when a server calls tools with finish_reason stop', () => {
    expect(asClaude(run([chunk({ tool_calls: [{ id: 'a', function: { name: 'Bash', arguments: '{}' } }] }), chunk({}, 'stop')])).stopReason).toBe('tool_use');
  });

  it('says max_tokens when the provider ran out', () => {
    expect(asClaude(run([chunk({ content: 'x' }), chunk({}, 'length')])).stopReason).toBe('max_tokens');
  });

  it('ends with an error event on an error chunk, a bad chunk, an early end or a failure', () => {
    const errorOf = (events: AnthropicSseEvent[]) => asClaude(events).error;
    expect(errorOf(run([chunk({ content: 'x' }), { error: { message: 'overloaded' } }]))).toEqual({ type: 'api_error', message: 'overloaded' });
    expect(errorOf(run([{ choices: 7 }]))).toMatchObject({ type: 'api_error', message: expect.stringContaining('provider chunk.choices') });
    expect(errorOf(run([chunk({ content: 'x' })]))).toMatchObject({ message: expect.stringContaining('finish_reason') });
    const stream = new ChatToAnthropicStream(context);
    stream.push(chunk({ content: 'x' }));
    expect(stream.fail('connection reset')).toEqual([{ event: 'error', data: { type: 'error', error: { type: 'api_error', message: 'connection reset' } } }]);
    expect(stream.finish()).toEqual([]);
  });

  it('reassembles tool input however the stream is split', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())), fc.array(fc.nat(), { maxLength: 6 }), (input, cuts) => {
        const json = JSON.stringify(input);
        const points = [...new Set(cuts.map((cut) => cut % (json.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((start, index) => json.slice(start, [...points, json.length][index]));
        const chunks = pieces.map((piece, index) => chunk({ tool_calls: [{ index: 0, ...(index === 0 ? { id: 't', function: { name: 'Edit', arguments: piece } } : { function: { arguments: piece } }) }] }));
        const claude = asClaude(run([...chunks, chunk({}, 'tool_calls')]));
        expect(claude.content).toEqual([{ type: 'tool_use', id: 't', name: 'Edit', input }]);
      }),
      { numRuns: fuzzRuns },
    );
  });
});

describe('Anthropic through a Responses provider', () => {
  it('composes the request through Chat', () => {
    const { body, context: composed, notes } = anthropicRequestToResponses({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: 'Sys',
      stop_sequences: ['X'],
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
      ],
      tools: [{ name: 'Bash', input_schema: { type: 'object' } }],
      stream: true,
    });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      store: false,
      instructions: 'Sys',
      input: [
        { role: 'user', content: 'Hi' },
        { type: 'function_call', call_id: 'toolu_1', name: 'Bash', arguments: '{"command":"ls"}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: 'ok' },
      ],
      tools: [{ type: 'function', name: 'Bash', parameters: { type: 'object' }, strict: false }],
      max_output_tokens: 100,
      stream: true,
    });
    expect(composed).toEqual({ anthropic: { model: 'claude-sonnet-4-5' }, chat: { model: 'claude-sonnet-4-5', includeUsage: true } });
    expect(notes).toEqual(['stop_sequences left out: the Responses API has no such setting']);
  });

  const viaContext = { anthropic: context, chat: { model: 'claude-sonnet-4-5', includeUsage: false } };

  it('gives a Responses answer as an Anthropic message', () => {
    const message = responseToAnthropic(
      {
        id: 'r',
        status: 'completed',
        output: [
          { type: 'message', content: [{ type: 'output_text', text: 'Hello' }] },
          { type: 'function_call', call_id: 'call_1', name: 'Bash', arguments: '{"command":"pwd"}' },
        ],
        usage: { input_tokens: 11, output_tokens: 3, total_tokens: 14 },
      },
      viaContext,
    );
    expect(message).toMatchObject({
      content: [
        { type: 'text', text: 'Hello' },
        { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'pwd' } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 11, output_tokens: 3 },
    });
  });

  it('streams a Responses stream as an Anthropic stream, usage included', () => {
    const stream = new ResponsesToAnthropicStream(viaContext);
    const events = [
      { type: 'response.created', response: { id: 'r', output: [] } },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs', output_index: 0, summary_index: 0, delta: 'Think' },
      { type: 'response.output_text.delta', item_id: 'm', output_index: 1, delta: 'Hi' },
      { type: 'response.output_item.added', output_index: 2, item: { id: 'fc', type: 'function_call', call_id: 'call_1', name: 'Bash', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc', output_index: 2, delta: '{"command":"ls"}' },
      { type: 'response.completed', response: { id: 'r', status: 'completed', output: [], usage: { input_tokens: 7, output_tokens: 5, total_tokens: 12 } } },
    ].flatMap((event) => stream.push(event));
    expect(stream.done).toBe(true);
    expect(stream.finish()).toEqual([]);
    const claude = asClaude(events);
    expect(claude.content).toEqual([
      { type: 'thinking', thinking: 'Think', signature: '' },
      { type: 'text', text: 'Hi' },
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
    ]);
    expect(claude.stopReason).toBe('tool_use');
    expect(claude.usage).toMatchObject({ input_tokens: 7, output_tokens: 5 });
  });

  it('turns a failed Responses stream into an error event', () => {
    const stream = new ResponsesToAnthropicStream(viaContext);
    const events = [
      ...stream.push({ type: 'response.created', response: { id: 'r' } }),
      ...stream.push({ type: 'response.failed', response: { id: 'r', status: 'failed', error: { code: 'server_error', message: 'boom' } } }),
    ];
    expect(asClaude(events).error).toEqual({ type: 'api_error', message: 'boom' });
    const early = new ResponsesToAnthropicStream(viaContext);
    early.push({ type: 'response.output_text.delta', delta: 'x' });
    expect(asClaude(early.finish()).error).toMatchObject({ message: expect.stringContaining('response.completed') });
  });
});
