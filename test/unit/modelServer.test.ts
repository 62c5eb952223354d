import OpenAI, { APIError, RateLimitError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startModelServer,
  toolOutputsOf,
  type ModelServer,
  type Script,
  type Step,
} from '../support/modelServer/index.js';

const servers: ModelServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(script: Script): Promise<ModelServer> {
  const server = await startModelServer(script);
  servers.push(server);
  return server;
}

function sdk(server: ModelServer, maxRetries = 0): OpenAI {
  return new OpenAI({ baseURL: server.baseUrl, apiKey: 'test', maxRetries });
}

const ask: ChatCompletionMessageParam[] = [{ role: 'user', content: 'List the files.' }];

async function chatChunks(client: OpenAI, includeUsage = true): Promise<ChatCompletionChunk[]> {
  const stream = await client.chat.completions.create({
    model: 'test-model',
    messages: ask,
    stream: true,
    stream_options: { include_usage: includeUsage },
  });
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function responseEvents(client: OpenAI): Promise<ResponseStreamEvent[]> {
  const stream = await client.responses.create({ model: 'test-model', input: 'List the files.', stream: true });
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function toolCallDeltas(chunks: ChatCompletionChunk[]): ChatCompletionChunk.Choice.Delta.ToolCall[] {
  return chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
}

function contentDeltas(chunks: ChatCompletionChunk[]): string[] {
  return chunks.flatMap((chunk) => {
    const content = chunk.choices[0]?.delta.content;
    return content ? [content] : [];
  });
}

function ofType<T extends ResponseStreamEvent['type']>(
  events: ResponseStreamEvent[],
  type: T,
): Extract<ResponseStreamEvent, { type: T }>[] {
  return events.filter((event): event is Extract<ResponseStreamEvent, { type: T }> => event.type === type);
}

async function postRaw(server: ModelServer, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * Reads a body until it ends, fails, or goes quiet for `quietMs`. When quiet, `later` tells
 * how the read still waiting finally settles.
 */
async function readUntilQuiet(
  response: Response,
  quietMs: number,
): Promise<{ text: string; outcome: 'ended' | 'quiet' | 'failed'; later: Promise<'data' | 'ended' | 'failed'> }> {
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('response has no body');
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const read = reader.read().then(
      (result) => result,
      () => 'failed' as const,
    );
    // A stall is a stream that goes quiet: the quiet period is what is being tested.
    const quiet = new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), quietMs));
    const next = await Promise.race([read, quiet]);
    if (next === 'failed') return { text, outcome: 'failed', later: Promise.resolve('failed') };
    if (next === 'quiet') {
      const later = read.then((result) => (result === 'failed' ? 'failed' : result.done ? 'ended' : 'data'));
      return { text, outcome: 'quiet', later };
    }
    if (next.done) return { text, outcome: 'ended', later: Promise.resolve('ended') };
    text += decoder.decode(next.value, { stream: true });
  }
}

function frameCount(sse: string): number {
  return sse.split('\n\n').filter((frame) => frame.trim() !== '').length;
}

describe('model server, Chat Completions wire', () => {
  it('lists its models to the SDK', async () => {
    const server = await serve([]);
    const page = await sdk(server).models.list();
    expect(page.data.map((model) => [model.id, model.object])).toEqual([['test-model', 'model']]);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models', body: undefined });
    expect(server.requests[0]?.step).toBeUndefined();
  });

  it('answers plain JSON with text, tool calls and usage, and records the request', async () => {
    const server = await serve([
      { text: 'Looking.', toolCalls: [{ name: 'shell', arguments: { command: ['ls'] } }, { name: 'noop', arguments: '{}', id: 'mine' }] },
    ]);
    const completion = await sdk(server).chat.completions.create({ model: 'test-model', messages: ask });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBe('Looking.');
    expect(choice?.message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
      { id: 'mine', type: 'function', function: { name: 'noop', arguments: '{}' } },
    ]);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
    const request = server.requests[0];
    expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions', step: 0, body: { model: 'test-model', messages: ask } });
    expect(request?.headers.authorization).toBe('Bearer test');
  });

  it('streams text in many small chunks, a finish reason, a usage chunk and [DONE]', async () => {
    const text = 'The repository has three files.';
    const server = await serve([{ text, usage: { input: 120, output: 7 } }]);
    const chunks = await chatChunks(sdk(server));
    const deltas = contentDeltas(chunks);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(text);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const finishes = chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter((reason) => reason);
    expect(finishes).toEqual(['stop']);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual({ prompt_tokens: 120, completion_tokens: 7, total_tokens: 127 });
  });

  it('sends no usage chunk unless the request asks for it', async () => {
    const server = await serve([{ text: 'Hi.' }]);
    const chunks = await chatChunks(sdk(server), false);
    expect(chunks.every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);
  });

  it('streams several tool calls with arguments split across chunks, which the SDK reassembles', async () => {
    const args = { command: ['bash', '-lc', 'cat README.md'], workdir: '/workspace' };
    const script = [
      { toolCalls: [{ name: 'shell', arguments: args }, { name: 'update_plan', arguments: { plan: [] } }] },
    ];
    const server = await serve([...script, ...script]);
    const deltas = toolCallDeltas(await chatChunks(sdk(server)));
    expect(deltas.filter((delta) => delta.index === 0).length).toBeGreaterThan(3);
    expect(deltas.filter((delta) => delta.id !== undefined).map((delta) => [delta.index, delta.id, delta.function?.name])).toEqual([
      [0, 'call_1', 'shell'],
      [1, 'call_2', 'update_plan'],
    ]);

    const final = await sdk(server).chat.completions.stream({ model: 'test-model', messages: ask }).finalChatCompletion();
    const message = final.choices[0]?.message;
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    const calls = message?.tool_calls?.map((call) =>
      call.type === 'function' ? [call.id, call.function.name, JSON.parse(call.function.arguments)] : [],
    );
    expect(calls).toEqual([
      ['call_3', 'shell', args],
      ['call_4', 'update_plan', { plan: [] }],
    ]);
  });

  it("'whole' sends each tool call complete in one chunk, and the text in one chunk", async () => {
    const server = await serve([
      {
        text: 'Running both.',
        toolCalls: [
          { name: 'shell', arguments: { command: ['ls'] } },
          { name: 'shell', arguments: { command: ['pwd'] } },
        ],
        style: 'whole',
      },
    ]);
    const chunks = await chatChunks(sdk(server));
    expect(contentDeltas(chunks)).toEqual(['Running both.']);
    expect(toolCallDeltas(chunks)).toEqual([
      { index: 0, id: 'call_1', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
      { index: 1, id: 'call_2', type: 'function', function: { name: 'shell', arguments: '{"command":["pwd"]}' } },
    ]);
  });

  it("'stopFinish' reports finish_reason stop despite tool calls, streamed and not", async () => {
    const step: Step = { toolCalls: [{ name: 'shell', arguments: { command: ['ls'] } }], style: ['whole', 'stopFinish'] };
    const server = await serve([step, step]);
    const final = await sdk(server).chat.completions.stream({ model: 'test-model', messages: ask }).finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(final.choices[0]?.message.tool_calls).toHaveLength(1);
    const plain = await sdk(server).chat.completions.create({ model: 'test-model', messages: ask });
    expect(plain.choices[0]?.finish_reason).toBe('stop');
    expect(plain.choices[0]?.message.tool_calls).toHaveLength(1);
  });

  it("'noIds' leaves the ids out, streamed and not", async () => {
    const step: Step = { toolCalls: [{ name: 'shell', arguments: { command: ['ls'] } }], style: 'noIds' };
    const server = await serve([step, step]);
    const deltas = toolCallDeltas(await chatChunks(sdk(server)));
    expect(deltas[0]?.function?.name).toBe('shell');
    expect(deltas.every((delta) => !('id' in delta))).toBe(true);
    const plain = await sdk(server).chat.completions.create({ model: 'test-model', messages: ask });
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(call && 'id' in call).toBe(false);
  });

  it("'repeatIds' gives two calls the same id, and refuses a step with one call", async () => {
    const calls = [{ name: 'shell', arguments: { command: ['ls'] } }, { name: 'shell', arguments: { command: ['pwd'] } }];
    const server = await serve([{ toolCalls: calls, style: 'repeatIds' }, { toolCalls: calls.slice(1), style: 'repeatIds' }]);
    const final = await sdk(server).chat.completions.stream({ model: 'test-model', messages: ask }).finalChatCompletion();
    expect(final.choices[0]?.message.tool_calls?.map((call) => call.id)).toEqual(['call_1', 'call_1']);
    await expect(sdk(server).chat.completions.create({ model: 'test-model', messages: ask })).rejects.toThrow(
      /step 1.*'repeatIds' needs at least two tool calls/,
    );
  });

  it("'malformedArgs' sends arguments cut short, which are not JSON", async () => {
    const args = { command: ['bash', '-lc', 'echo hello'] };
    const server = await serve([{ toolCalls: [{ name: 'shell', arguments: args }], style: 'malformedArgs' }]);
    const final = await sdk(server).chat.completions.stream({ model: 'test-model', messages: ask }).finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    const sent = call?.type === 'function' ? call.function.arguments : '';
    expect(sent.length).toBeGreaterThan(0);
    expect(JSON.stringify(args).startsWith(sent)).toBe(true);
    expect(() => JSON.parse(sent)).toThrow(SyntaxError);
  });

  it('streams reasoning as reasoning_content deltas, as llama.cpp and vLLM do', async () => {
    const server = await serve([{ reasoning: 'The user wants a listing.', text: 'Sure.' }]);
    const chunks = await chatChunks(sdk(server));
    const reasoning = chunks
      .map((chunk) => (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '')
      .join('');
    expect(reasoning).toBe('The user wants a listing.');
    expect(contentDeltas(chunks).join('')).toBe('Sure.');
  });
});

describe('model server, Responses wire', () => {
  it('answers plain JSON with message and function_call items and usage', async () => {
    const server = await serve([
      { text: 'Checking.', toolCalls: [{ name: 'shell', arguments: { command: ['ls'] } }], usage: { input: 50, output: 9 } },
    ]);
    const response = await sdk(server).responses.create({ model: 'test-model', input: 'List the files.' });
    expect(response.output_text).toBe('Checking.');
    expect(response.output).toMatchObject([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
      { type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
    ]);
    expect(response.usage).toMatchObject({ input_tokens: 50, output_tokens: 9, total_tokens: 59 });
    expect(server.requests[0]).toMatchObject({ path: '/v1/responses', body: { input: 'List the files.' } });
  });

  it('streams the full event sequence, which the SDK accumulates into the same response', async () => {
    const args = { command: ['bash', '-lc', 'git status --short'] };
    const step = {
      reasoning: 'Look first.',
      text: 'Let me check the tree.',
      toolCalls: [{ name: 'shell', arguments: args }],
      usage: { input: 80, output: 12 },
    };
    const server = await serve([step, step]);
    const events = await responseEvents(sdk(server));
    const types = [...new Set(events.map((event) => event.type))];
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const textDeltas = ofType(events, 'response.output_text.delta');
    expect(textDeltas.length).toBeGreaterThan(3);
    expect(textDeltas.map((event) => event.delta).join('')).toBe('Let me check the tree.');
    expect(ofType(events, 'response.reasoning_summary_text.delta').map((event) => event.delta).join('')).toBe('Look first.');
    const argDeltas = ofType(events, 'response.function_call_arguments.delta');
    expect(argDeltas.length).toBeGreaterThan(3);
    expect(JSON.parse(argDeltas.map((event) => event.delta).join(''))).toEqual(args);
    const added = ofType(events, 'response.output_item.added').map((event) => event.item);
    expect(added.at(-1)).toMatchObject({ type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '' });
    expect(ofType(events, 'response.completed')[0]?.response.usage).toMatchObject({ input_tokens: 80, output_tokens: 12 });

    const final = await sdk(server).responses.stream({ model: 'test-model', input: 'List the files.' }).finalResponse();
    expect(final.output_text).toBe('Let me check the tree.');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(final.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'Look first.' }] });
    expect(final.output[2]).toMatchObject({ call_id: 'call_2', arguments: JSON.stringify(args) });
    expect(final.usage?.output_tokens).toBe(12);
  });

  it("'whole' sends each call's arguments in one delta", async () => {
    const calls = [{ name: 'shell', arguments: { command: ['ls', '-la', '/workspace'] } }, { name: 'shell', arguments: { command: ['pwd'] } }];
    const server = await serve([{ toolCalls: calls, style: 'whole' }]);
    const deltas = ofType(await responseEvents(sdk(server)), 'response.function_call_arguments.delta');
    expect(deltas.map((event) => [event.output_index, JSON.parse(event.delta)])).toEqual([
      [0, calls[0]?.arguments],
      [1, calls[1]?.arguments],
    ]);
  });

  it("'noIds', 'repeatIds' and 'malformedArgs' shape the function_call items", async () => {
    const calls = [{ name: 'shell', arguments: { command: ['ls'] } }, { name: 'shell', arguments: { command: ['pwd'] } }];
    const server = await serve([
      { toolCalls: calls, style: 'noIds' },
      { toolCalls: calls, style: 'repeatIds' },
      { toolCalls: calls.slice(0, 1), style: 'malformedArgs' },
    ]);
    const client = sdk(server);
    const request = { model: 'test-model', input: 'List the files.' };
    const noIds = await client.responses.stream(request).finalResponse();
    expect(noIds.output.map((item) => 'call_id' in item)).toEqual([false, false]);
    const repeated = await client.responses.create(request);
    expect(repeated.output.map((item) => (item.type === 'function_call' ? item.call_id : ''))).toEqual(['call_1', 'call_1']);
    const malformed = await client.responses.stream(request).finalResponse();
    const sent = malformed.output[0]?.type === 'function_call' ? malformed.output[0].arguments : '';
    expect(JSON.stringify(calls[0]?.arguments).startsWith(sent)).toBe(true);
    expect(() => JSON.parse(sent)).toThrow(SyntaxError);
  });
});

describe('model server, scripting', () => {
  it('numbers generated call ids across the whole conversation', async () => {
    const call = { name: 'shell', arguments: { command: ['ls'] } };
    const server = await serve([{ toolCalls: [call, { ...call, id: 'given' }, call] }, { toolCalls: [call] }]);
    const client = sdk(server);
    const first = await client.responses.create({ model: 'test-model', input: 'a' });
    const second = await client.chat.completions.create({ model: 'test-model', messages: ask });
    expect(first.output.map((item) => (item.type === 'function_call' ? item.call_id : ''))).toEqual(['call_1', 'given', 'call_2']);
    expect(second.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_3');
  });

  it('lets a step function react to the tool output the engine sent back, on both wires', async () => {
    const server = await serve((request, index) => {
      const last = toolOutputsOf(request).at(-1);
      if (last === undefined) return { toolCalls: [{ name: 'shell', arguments: { command: ['ls'] } }] };
      return { text: `step ${index} saw ${last.callId}: ${last.output}` };
    });
    const client = sdk(server);

    const first = await client.chat.completions.create({ model: 'test-model', messages: ask });
    const call = first.choices[0]?.message.tool_calls?.[0];
    if (call === undefined || call.type !== 'function') throw new Error('expected a function tool call');
    const second = await client.chat.completions.create({
      model: 'test-model',
      messages: [...ask, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'README.md' }],
    });
    expect(second.choices[0]?.message.content).toBe('step 1 saw call_1: README.md');

    const third = await client.responses.create({ model: 'test-model', input: 'List the files.' });
    const item = third.output[0];
    if (item?.type !== 'function_call') throw new Error('expected a function_call item');
    const input: ResponseInputItem[] = [
      { role: 'user', content: 'List the files.' },
      { type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments },
      { type: 'function_call_output', call_id: item.call_id, output: 'src/' },
    ];
    const fourth = await client.responses.create({ model: 'test-model', input });
    expect(fourth.output_text).toBe('step 3 saw call_2: src/');
    expect(server.requests.map((request) => request.step)).toEqual([0, 1, 2, 3]);
  });

  it('answers 500 naming the missing step when the script runs out, without inviting retries', async () => {
    const server = await serve([{ text: 'only one' }]);
    const client = sdk(server, 2);
    await client.chat.completions.create({ model: 'test-model', messages: ask });
    const error = await client.chat.completions.create({ model: 'test-model', messages: ask }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(500);
    expect((error as APIError).message).toContain('model server script has no step 1: it has 1 step(s)');
    expect(server.requests).toHaveLength(2);

    const raw = await postRaw(server, '/responses', { model: 'test-model', input: 'again' });
    expect(raw.status).toBe(500);
    expect(raw.headers.get('x-should-retry')).toBe('false');
    expect(await raw.text()).toContain('no step 2');
  });

  it('reports a step function that throws', async () => {
    const server = await serve(() => {
      throw new Error('the test forgot a case');
    });
    await expect(sdk(server).responses.create({ model: 'test-model', input: 'x' })).rejects.toThrow(
      'model server step function threw at step 0: the test forgot a case',
    );
  });

  it('waits delayMs before answering', async () => {
    const server = await serve([{ text: 'late', delayMs: 300 }]);
    const started = performance.now();
    const completion = await sdk(server).chat.completions.create({ model: 'test-model', messages: ask });
    // The delay is the behaviour under test.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(completion.choices[0]?.message.content).toBe('late');
  });

  it('estimates usage from the request when the step sets none', async () => {
    const server = await serve([{ text: 'a' }, { text: 'a' }]);
    const client = sdk(server);
    const short = await client.chat.completions.create({ model: 'test-model', messages: ask });
    const long = await client.chat.completions.create({ model: 'test-model', messages: [{ role: 'user', content: 'x'.repeat(400) }] });
    expect(long.usage?.prompt_tokens ?? 0).toBeGreaterThan((short.usage?.prompt_tokens ?? 0) + 90);
  });

  it('refuses unknown routes and bodies that are not JSON', async () => {
    const server = await serve([]);
    expect((await postRaw(server, '/embeddings', {})).status).toBe(404);
    const bad = await fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    expect(server.requests.every((request) => request.step === undefined)).toBe(true);
  });
});

describe('model server, faults', () => {
  it('answers 429 with Retry-After and an OpenAI error body, which the SDK honours', async () => {
    const server = await serve([
      { fault: 'http', status: 429, retryAfter: 7 },
      { fault: 'http', status: 429, retryAfter: 1 },
      { text: 'after the wait' },
    ]);
    const raw = await postRaw(server, '/chat/completions', { model: 'test-model', messages: ask });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(await raw.json()).toMatchObject({ error: { code: 'rate_limit_exceeded', message: 'scripted fault at step 0: HTTP 429' } });

    const started = performance.now();
    const completion = await sdk(server, 1).chat.completions.create({ model: 'test-model', messages: ask });
    // The Retry-After wait is the behaviour under test.
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(completion.choices[0]?.message.content).toBe('after the wait');
  });

  it('answers 500 and custom error bodies', async () => {
    const server = await serve([
      { fault: 'http', status: 500 },
      { fault: 'http', status: 503, body: { error: { message: 'overloaded, try later' } } },
      { fault: 'http', status: 502, body: 'Bad Gateway' },
    ]);
    const client = sdk(server);
    const internal = await client.responses.create({ model: 'test-model', input: 'x' }).catch((caught: unknown) => caught);
    expect(internal).toBeInstanceOf(APIError);
    expect((internal as APIError).status).toBe(500);
    await expect(client.responses.create({ model: 'test-model', input: 'x' })).rejects.toThrow('overloaded, try later');
    const raw = await postRaw(server, '/responses', { model: 'test-model', input: 'x' });
    expect([raw.status, await raw.text()]).toEqual([502, 'Bad Gateway']);
  });

  it('the SDK sees a 429 as a RateLimitError carrying Retry-After', async () => {
    const server = await serve([{ fault: 'http', status: 429, retryAfter: 3 }]);
    const error = await sdk(server).responses.create({ model: 'test-model', input: 'x', stream: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers.get('retry-after')).toBe('3');
  });

  it('stalls a stream after n chunks and keeps the socket open until close()', async () => {
    const server = await serve([{ fault: 'stall', afterChunks: 3, text: 'never finished' }]);
    const response = await postRaw(server, '/chat/completions', { model: 'test-model', messages: ask, stream: true });
    expect(response.status).toBe(200);
    const { text, outcome, later } = await readUntilQuiet(response, 400);
    expect(outcome).toBe('quiet');
    expect(frameCount(text)).toBe(3);
    expect(text).not.toContain('[DONE]');

    // Tests that close() ends the stalled socket instead of hanging on it; only a failure waits this long.
    const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 2000));
    expect(await Promise.race([server.close().then(() => 'closed'), hung])).toBe('closed');
    expect(await later).toBe('failed');
  });

  it('stalls a plain response after half its body', async () => {
    const server = await serve([{ fault: 'stall', text: 'never finished' }]);
    const response = await postRaw(server, '/responses', { model: 'test-model', input: 'x' });
    const { text, outcome } = await readUntilQuiet(response, 300);
    expect(outcome).toBe('quiet');
    expect(text.startsWith('{"id":"resp_1"')).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('drops the connection after n chunks, which the SDK stream reports as an error', async () => {
    const server = await serve([
      { fault: 'drop', afterChunks: 4, text: 'cut short' },
      { fault: 'drop', text: 'cut short' },
      { fault: 'drop' },
      { fault: 'drop', afterChunks: 0 },
    ]);
    const raw = await postRaw(server, '/responses', { model: 'test-model', input: 'x', stream: true });
    const { text, outcome } = await readUntilQuiet(raw, 2000);
    expect(outcome).toBe('failed');
    expect(frameCount(text)).toBe(4);
    expect(text).toContain('event: response.created');

    const seen: ChatCompletionChunk[] = [];
    const streaming = (async () => {
      const stream = await sdk(server).chat.completions.create({ model: 'test-model', messages: ask, stream: true });
      for await (const chunk of stream) seen.push(chunk);
    })();
    await expect(streaming).rejects.toThrow();
    expect(seen).toHaveLength(2);

    await expect(sdk(server).chat.completions.create({ model: 'test-model', messages: ask })).rejects.toThrow();

    const headersOnly = await postRaw(server, '/chat/completions', { model: 'test-model', messages: ask, stream: true });
    expect(headersOnly.status).toBe(200);
    expect(await readUntilQuiet(headersOnly, 2000)).toMatchObject({ text: '', outcome: 'failed' });
  });

  it('sends garbage: a 200 that is not JSON, or SSE that does not parse', async () => {
    const server = await serve([{ fault: 'garbage' }, { fault: 'garbage' }, { fault: 'garbage' }]);
    const raw = await postRaw(server, '/chat/completions', { model: 'test-model', messages: ask });
    expect(raw.status).toBe(200);
    const body = await raw.text();
    expect(() => JSON.parse(body)).toThrow(SyntaxError);

    await expect(chatChunks(sdk(server))).rejects.toThrow(SyntaxError);
    await expect(responseEvents(sdk(server))).rejects.toThrow(SyntaxError);
  });
});
