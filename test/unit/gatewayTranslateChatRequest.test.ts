import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chatRequestToResponses,
  responseToChatCompletion,
  ResponsesToChatStream,
  TranslationError,
  UpstreamError,
  type ChatStreamOut,
  type ChatToResponsesContext,
} from '../../electron/gateway/translate/index.js';

const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 1000);
const context: ChatToResponsesContext = { model: 'gpt-5', includeUsage: true };

describe('Chat request to Responses request', () => {
  it('puts leading system messages in instructions and the rest in input', () => {
    const { body, notes } = chatRequestToResponses({
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'You are opencode.' },
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: 'Mid-way note.' },
      ],
    });
    expect(body).toEqual({
      model: 'gpt-5',
      store: false,
      instructions: 'You are opencode.\n\nBe brief.',
      input: [
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: 'Mid-way note.' },
      ],
    });
    expect(notes).toEqual([]);
  });

  it('maps images, files, tool calls and tool results', () => {
    const { body, notes } = chatRequestToResponses({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AA', detail: 'low' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JV', filename: 'a.pdf' } },
            { type: 'input_audio', input_audio: { data: 'x', format: 'wav' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Reading.',
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'read', arguments: '{"path":"a"}' } },
            { id: 'c2', type: 'custom', custom: { name: 'patch', input: 'raw' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'contents' }] },
        { role: 'tool', tool_call_id: 'c2', content: 'patched' },
        { role: 'assistant', content: null, refusal: 'No.' },
      ],
    });
    expect(body.input).toEqual([
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'Look' },
          { type: 'input_image', image_url: 'data:image/png;base64,AA', detail: 'low' },
          { type: 'input_file', file_data: 'data:application/pdf;base64,JV', filename: 'a.pdf' },
        ],
      },
      { role: 'assistant', content: 'Reading.' },
      { type: 'function_call', call_id: 'c1', name: 'read', arguments: '{"path":"a"}' },
      { type: 'custom_tool_call', call_id: 'c2', name: 'patch', input: 'raw' },
      { type: 'function_call_output', call_id: 'c1', output: 'contents' },
      { type: 'custom_tool_call_output', call_id: 'c2', output: 'patched' },
      { role: 'assistant', content: 'No.' },
    ]);
    expect(notes).toEqual(["request.messages[0].content[3] of type 'input_audio' left out: the Responses API takes text, images and files here"]);
  });

  it('maps tools, tool choice and settings, and notes what it drops', () => {
    const { body, context: made, notes } = chatRequestToResponses({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      tools: [
        { type: 'function', function: { name: 'read', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } },
        { type: 'custom', custom: { name: 'patch', format: { type: 'grammar', grammar: { definition: 'start: x', syntax: 'lark' } } } },
        { type: 'function', function: { name: 'noargs' } },
      ],
      tool_choice: { type: 'function', function: { name: 'read' } },
      parallel_tool_calls: false,
      max_tokens: 100,
      max_completion_tokens: 200,
      temperature: 0.5,
      top_p: 1,
      reasoning_effort: 'low',
      response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object' }, strict: true } },
      verbosity: 'high',
      stream: true,
      stream_options: { include_usage: true },
      stop: ['END'],
      seed: 7,
    });
    expect(body).toMatchObject({
      tools: [
        { type: 'function', name: 'read', description: 'Read a file', strict: false, parameters: { type: 'object', properties: { path: { type: 'string' } } } },
        { type: 'custom', name: 'patch', format: { type: 'grammar', definition: 'start: x', syntax: 'lark' } },
        { type: 'function', name: 'noargs', strict: false, parameters: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'function', name: 'read' },
      parallel_tool_calls: false,
      max_output_tokens: 200,
      temperature: 0.5,
      top_p: 1,
      reasoning: { effort: 'low' },
      text: { verbosity: 'high', format: { type: 'json_schema', name: 'r', schema: { type: 'object' }, strict: true } },
      stream: true,
    });
    expect(made).toEqual({ model: 'm', includeUsage: true });
    expect(notes).toEqual(['stop left out: the Responses API has no such setting', 'seed left out: the Responses API has no such setting']);
  });

  it('maps allowed_tools and custom tool choices, json_object and unknown efforts', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'read' } }] };
    expect(
      chatRequestToResponses({ ...base, tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'read' } }] } } }).body.tool_choice,
    ).toEqual({ type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'read' }] });
    expect(chatRequestToResponses({ ...base, tool_choice: { type: 'custom', custom: { name: 'patch' } } }).body.tool_choice).toEqual({ type: 'custom', name: 'patch' });
    const other = chatRequestToResponses({ ...base, tool_choice: 'none', response_format: { type: 'json_object' }, reasoning_effort: 'turbo' });
    expect(other.body).toMatchObject({ tool_choice: 'none', text: { format: { type: 'json_object' } } });
    expect(other.body).not.toHaveProperty('reasoning');
    expect(other.notes).toEqual(["reasoning_effort 'turbo' left out: the Responses API does not know it"]);
  });

  it('refuses what it cannot translate, naming the field', () => {
    expect(() => chatRequestToResponses({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 })).toThrow(/^request\.n: /);
    expect(() => chatRequestToResponses({ model: 'm', messages: [] })).toThrow(/^request\.messages: must hold at least one message/);
    expect(() => chatRequestToResponses({ model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] })).toThrow(/^request\.messages\[0\]\.role: /);
    expect(() => chatRequestToResponses({ model: 'm', messages: [{ role: 'tool', content: 'x' }] })).toThrow(/^request\.messages\[0\]\.tool_call_id: /);
    expect(() => chatRequestToResponses({ model: 'm', messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] })).toThrow(
      /^request\.messages\[0\]\.content\[0\]: /,
    );
  });

  it('throws only TranslationError on arbitrary bodies', () => {
    const message = fc.record({ role: fc.constantFrom('system', 'user', 'assistant', 'tool', 'x'), content: fc.anything(), tool_calls: fc.anything(), tool_call_id: fc.anything() }, { requiredKeys: ['role'] });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ model: fc.string(), messages: fc.array(message), tools: fc.anything(), tool_choice: fc.anything() })), (value) => {
        try {
          chatRequestToResponses(value);
        } catch (error) {
          if (!(error instanceof TranslationError)) throw error;
        }
      }),
      { numRuns: fuzzRuns },
    );
  });
});

describe('Responses answer to Chat answer', () => {
  const response = (output: unknown[], extra: Record<string, unknown> = {}) => ({
    id: 'resp_1',
    object: 'response',
    status: 'completed',
    model: 'gpt-5-2025',
    output,
    usage: { input_tokens: 20, output_tokens: 7, total_tokens: 27, input_tokens_details: { cached_tokens: 5 }, output_tokens_details: { reasoning_tokens: 3 } },
    ...extra,
  });

  it('gives text, reasoning, tool calls and usage', () => {
    const chat = responseToChatCompletion(
      response([
        { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Plan' }, { type: 'summary_text', text: 'More' }] },
        { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Sure.', annotations: [] }] },
        { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'read', arguments: '{}', status: 'completed' },
        { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_2', name: 'patch', input: 'raw' },
        { id: 'ws_1', type: 'web_search_call', status: 'completed' },
      ]),
      context,
    );
    expect(chat).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-5',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          logprobs: null,
          message: {
            role: 'assistant',
            content: 'Sure.',
            refusal: null,
            reasoning_content: 'Plan\n\nMore',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'read', arguments: '{}' } },
              { id: 'call_2', type: 'custom', custom: { name: 'patch', input: 'raw' } },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 20, completion_tokens: 7, total_tokens: 27, prompt_tokens_details: { cached_tokens: 5 }, completion_tokens_details: { reasoning_tokens: 3 } },
    });
    expect(chat.id).toMatch(/^chatcmpl-/);
  });

  it('maps an incomplete response to length and a refusal to refusal', () => {
    const chat = responseToChatCompletion(
      response([{ type: 'message', content: [{ type: 'refusal', refusal: 'Cannot.' }] }], { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, usage: null }),
      context,
    );
    expect(chat.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '', refusal: 'Cannot.' } });
    expect(chat).not.toHaveProperty('usage');
  });

  it('throws UpstreamError for failed responses and error bodies', () => {
    expect(() => responseToChatCompletion(response([], { status: 'failed', error: { code: 'server_error', message: 'boom' } }), context)).toThrow(UpstreamError);
    expect(() => responseToChatCompletion({ error: { message: 'bad key', code: 'invalid_api_key' } }, context)).toThrow('bad key');
    expect(() => responseToChatCompletion(response([{ type: 'function_call', name: 'x' }]), context)).toThrow(/^provider answer\.output\[0\]\.call_id: /);
  });
});

describe('Responses stream to Chat stream', () => {
  function run(events: unknown[], streamContext = context): ChatStreamOut[] {
    const stream = new ResponsesToChatStream(streamContext);
    return [...events.flatMap((event) => stream.push(event)), ...stream.finish()];
  }

  const created = { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', status: 'in_progress', output: [] } };
  const completed = (output: unknown[] = [], status = 'completed', extra: Record<string, unknown> = {}) => ({
    type: status === 'completed' ? 'response.completed' : 'response.incomplete',
    response: { id: 'resp_1', status, output, usage: { input_tokens: 9, output_tokens: 4, total_tokens: 13 }, ...extra },
  });

  function deltas(out: ChatStreamOut[]) {
    return out.flatMap((item) => ('choices' in item ? item.choices.map((choice) => ({ delta: choice.delta, finish: choice.finish_reason })) : []));
  }

  function assembled(out: ChatStreamOut[]) {
    const calls = new Map<number, { id?: string; name: string; arguments: string; type?: string; input?: string }>();
    let content = '';
    let reasoning = '';
    for (const { delta } of deltas(out)) {
      content += delta.content ?? '';
      reasoning += delta.reasoning_content ?? '';
      for (const call of delta.tool_calls ?? []) {
        const entry = calls.get(call.index) ?? { name: '', arguments: '' };
        if (call.id) entry.id = call.id;
        if (call.type) entry.type = call.type;
        if ('function' in call && call.function) {
          entry.name += call.function.name ?? '';
          entry.arguments += call.function.arguments ?? '';
        }
        if ('custom' in call) {
          entry.name = call.custom.name;
          entry.input = call.custom.input;
        }
        calls.set(call.index, entry);
      }
    }
    return { content, reasoning, calls: [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call) };
  }

  it('streams text with a role chunk first, a finish chunk and a usage chunk last', () => {
    const out = run([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hel' },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'lo' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] } },
      completed(),
    ]);
    expect(deltas(out)).toEqual([
      { delta: { role: 'assistant', content: '' }, finish: null },
      { delta: { content: 'Hel' }, finish: null },
      { delta: { content: 'lo' }, finish: null },
      { delta: {}, finish: 'stop' },
    ]);
    const last = out.at(-1);
    expect(last).toMatchObject({ object: 'chat.completion.chunk', model: 'gpt-5', choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } });
    const ids = new Set(out.map((item) => ('id' in item ? item.id : '')));
    expect(ids.size).toBe(1);
  });

  it('leaves the usage chunk out unless the client asked for it', () => {
    const out = run([created, completed()], { model: 'm', includeUsage: false });
    expect(out.some((item) => 'usage' in item)).toBe(false);
  });

  it('streams parallel function calls with their argument fragments', () => {
    const out = run([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'read', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '{"pa' },
      { type: 'response.output_item.added', output_index: 1, item: { id: 'fc_2', type: 'function_call', call_id: 'call_2', name: 'grep', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: 'th":"a"}' },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_2', output_index: 1, delta: '{}' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'read', arguments: '{"path":"a"}' } },
      { type: 'response.output_item.done', output_index: 1, item: { id: 'fc_2', type: 'function_call', call_id: 'call_2', name: 'grep', arguments: '{}' } },
      completed(),
    ]);
    expect(assembled(out).calls).toEqual([
      { id: 'call_1', type: 'function', name: 'read', arguments: '{"path":"a"}' },
      { id: 'call_2', type: 'function', name: 'grep', arguments: '{}' },
    ]);
    expect(deltas(out).at(-1)).toEqual({ delta: {}, finish: 'tool_calls' });
  });

  it('fills in what a server sent only in done items or the final response', () => {
    const out = run([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'read', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '{"pa' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'read', arguments: '{"path":"b"}' } },
      { type: 'response.output_item.done', output_index: 1, item: { id: 'msg_1', type: 'message', content: [{ type: 'output_text', text: 'Text without deltas' }] } },
      { type: 'response.output_item.done', output_index: 2, item: { id: 'c_1', type: 'custom_tool_call', call_id: 'call_2', name: 'patch', input: 'raw' } },
      completed([{ id: 'fc_9', type: 'function_call', call_id: 'call_9', name: 'late', arguments: '{}' }]),
    ]);
    const result = assembled(out);
    expect(result.content).toBe('Text without deltas');
    expect(result.calls).toEqual([
      { id: 'call_1', type: 'function', name: 'read', arguments: '{"path":"b"}' },
      { id: 'call_2', type: 'custom', name: 'patch', arguments: '', input: 'raw' },
      { id: 'call_9', type: 'function', name: 'late', arguments: '{}' },
    ]);
  });

  it('streams reasoning as reasoning_content, parts as paragraphs', () => {
    const out = run([
      created,
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'One' },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 1, delta: 'Two' },
      { type: 'response.reasoning_text.delta', item_id: 'rs_1', output_index: 0, content_index: 0, delta: '!' },
      completed(),
    ]);
    expect(assembled(out).reasoning).toBe('One\n\nTwo\n\n!');
  });

  it('maps response.incomplete to length', () => {
    const out = run([created, completed([], 'incomplete', { incomplete_details: { reason: 'max_output_tokens' } })]);
    expect(deltas(out).at(-1)).toEqual({ delta: {}, finish: 'length' });
  });

  it('ends with an error object on response.failed, an error event, a bad event or an early end', () => {
    const failed = run([created, { type: 'response.failed', response: { id: 'r', status: 'failed', error: { code: 'rate_limit_exceeded', message: 'Slow down' } } }]);
    expect(failed.at(-1)).toEqual({ error: { message: 'Slow down', type: 'server_error', code: 'rate_limit_exceeded' } });
    expect(failed.filter((item) => 'error' in item)).toHaveLength(1);
    expect(run([created, { type: 'error', code: 'bad', message: 'Bad thing' }]).at(-1)).toEqual({ error: { message: 'Bad thing', type: 'server_error', code: 'bad' } });
    expect(run([created, { type: 'response.output_text.delta' }]).at(-1)).toMatchObject({ error: { code: 'invalid_provider_stream' } });
    expect(run([created, { type: 'response.output_text.delta', delta: 'x' }]).at(-1)).toMatchObject({ error: { code: 'stream_incomplete' } });
    expect(run([42]).at(-1)).toMatchObject({ error: { message: expect.stringContaining('provider event') } });
  });

  it('never throws and always ends on arbitrary events', () => {
    const eventArb = fc.record({
      type: fc.constantFrom('response.output_text.delta', 'response.output_item.added', 'response.output_item.done', 'response.function_call_arguments.delta', 'response.completed', 'x'),
      delta: fc.anything(),
      item: fc.anything(),
      item_id: fc.anything(),
      output_index: fc.anything(),
      response: fc.anything(),
    }, { requiredKeys: ['type'] });
    fc.assert(
      fc.property(fc.array(fc.oneof(eventArb, fc.anything())), (events) => {
        const stream = new ResponsesToChatStream(context);
        for (const event of events) stream.push(event);
        stream.finish();
        expect(stream.done).toBe(true);
      }),
      { numRuns: fuzzRuns },
    );
  });
});
