import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { responsesRequestToChat, TranslationError } from '../../electron/gateway/translate/index.js';

const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 1000);

describe('Responses request to Chat request', () => {
  it('puts instructions and leading developer messages in one system message', () => {
    const { body, notes } = responsesRequestToChat({
      model: 'qwen3',
      instructions: 'You are Codex.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: workspace-write.' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the bug.' }] },
        { role: 'developer', content: 'Later note.' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are Codex.\n\nSandbox: workspace-write.' },
      { role: 'user', content: 'Fix the bug.' },
      { role: 'system', content: 'Later note.' },
    ]);
    expect(notes).toEqual([]);
  });

  it('takes input as a plain string', () => {
    expect(responsesRequestToChat({ model: 'm', input: 'hi' }).body.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('keeps images as image_url parts and joins plain text parts', () => {
    const { body } = responsesRequestToChat({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: '<image>' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' },
            { type: 'input_text', text: '</image>' },
          ],
        },
        { role: 'user', content: [{ type: 'input_text', text: 'a' }, { type: 'input_text', text: 'b' }] },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: '<image>' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } },
          { type: 'text', text: '</image>' },
        ],
      },
      { role: 'user', content: 'a\nb' },
    ]);
  });

  it('merges an assistant turn of text and parallel calls into one message, results after it', () => {
    const { body } = responsesRequestToChat({
      model: 'm',
      input: [
        { role: 'user', content: 'go' },
        { type: 'reasoning', id: 'rs_1', summary: [], content: [{ type: 'reasoning_text', text: 'thinking' }], encrypted_content: null },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking.' }] },
        { type: 'function_call', call_id: 'c1', name: 'shell', arguments: '{"command":["ls"]}' },
        { type: 'function_call', call_id: 'c2', name: 'lookup', namespace: 'mcp__docs__', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'found' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: 'Looking.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
          { id: 'c2', type: 'function', function: { name: 'mcp__docs__lookup', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'a.txt' },
      { role: 'tool', tool_call_id: 'c2', content: 'found' },
      { role: 'assistant', content: 'Done.' },
    ]);
  });

  it('moves images out of tool results into the next user message', () => {
    const { body } = responsesRequestToChat({
      model: 'm',
      input: [
        { type: 'function_call', call_id: 'c1', name: 'view_image', arguments: '{"path":"a.png"}' },
        {
          type: 'function_call_output',
          call_id: 'c1',
          output: [{ type: 'input_image', image_url: 'data:image/png;base64,BBBB' }],
        },
        { role: 'user', content: 'What is in it?' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'view_image', arguments: '{"path":"a.png"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '(The tool returned 1 image(s), attached to the next user message.)' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,BBBB' } },
          { type: 'text', text: 'What is in it?' },
        ],
      },
    ]);
  });

  it('turns freeform tools and calls into a function with one string parameter', () => {
    const { body, context } = responsesRequestToChat({
      model: 'm',
      tools: [
        {
          type: 'custom',
          name: 'apply_patch',
          description: 'Edit files.',
          format: { type: 'grammar', syntax: 'lark', definition: 'start: "*** Begin Patch"' },
        },
      ],
      input: [
        { type: 'custom_tool_call', call_id: 'p1', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
        { type: 'custom_tool_call_output', call_id: 'p1', output: 'Done!' },
      ],
    });
    const tool = body.tools?.[0];
    expect(tool?.type).toBe('function');
    if (tool?.type !== 'function') throw new Error('expected a function tool');
    expect(tool.function.name).toBe('apply_patch');
    expect(tool.function.description).toContain('Edit files.');
    expect(tool.function.description).toContain('start: "*** Begin Patch"');
    expect(tool.function.parameters).toMatchObject({ required: ['input'], properties: { input: { type: 'string' } } });
    expect(body.messages[0]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'p1', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: '*** Begin Patch\n*** End Patch' }) } }],
    });
    expect(body.messages[1]).toEqual({ role: 'tool', tool_call_id: 'p1', content: 'Done!' });
    expect(context.toolOrigins.get('apply_patch')).toEqual({ kind: 'custom', name: 'apply_patch' });
  });

  it('maps function tools, flattens namespaces and leaves hosted tools out with a note', () => {
    const { body, context, notes } = responsesRequestToChat({
      model: 'm',
      tools: [
        { type: 'function', name: 'shell', description: 'Run.', strict: false, parameters: { type: 'object', properties: { command: { type: 'array' } } } },
        { type: 'namespace', name: 'mcp__docs__', description: 'Docs', tools: [{ type: 'function', name: 'lookup', parameters: null }] },
        { type: 'web_search', external_web_access: false },
        { type: 'local_shell' },
      ],
      tool_choice: 'auto',
      parallel_tool_calls: true,
    });
    expect(body.tools).toEqual([
      { type: 'function', function: { name: 'shell', description: 'Run.', parameters: { type: 'object', properties: { command: { type: 'array' } } }, strict: false } },
      { type: 'function', function: { name: 'mcp__docs__lookup', description: 'Docs', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(body.tool_choice).toBe('auto');
    expect(body.parallel_tool_calls).toBe(true);
    expect(context.toolOrigins.get('mcp__docs__lookup')).toEqual({ kind: 'function', name: 'lookup', namespace: 'mcp__docs__' });
    expect(notes).toEqual([
      "tool of type 'web_search' left out: a Chat Completions provider has no hosted tools",
      "tool of type 'local_shell' left out: a Chat Completions provider has no hosted tools",
    ]);
  });

  it('drops tool_choice and parallel_tool_calls when no tool is left', () => {
    const { body } = responsesRequestToChat({ model: 'm', tools: [{ type: 'web_search' }], tool_choice: 'required', parallel_tool_calls: false });
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
  });

  it('maps named and allowed_tools tool choices', () => {
    const tools = [{ type: 'function', name: 'shell', parameters: {} }];
    expect(responsesRequestToChat({ model: 'm', tools, tool_choice: { type: 'function', name: 'shell' } }).body.tool_choice).toEqual({
      type: 'function',
      function: { name: 'shell' },
    });
    const allowed = responsesRequestToChat({ model: 'm', tools, tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'shell' }] } });
    expect(allowed.body.tool_choice).toBe('required');
    expect(allowed.notes).toHaveLength(1);
  });

  it('maps custom and hosted tool choices, json_object output and unknown efforts', () => {
    const tools = [{ type: 'custom', name: 'apply_patch' }];
    expect(responsesRequestToChat({ model: 'm', tools, tool_choice: { type: 'custom', name: 'apply_patch' } }).body.tool_choice).toEqual({
      type: 'function',
      function: { name: 'apply_patch' },
    });
    const hosted = responsesRequestToChat({ model: 'm', tools, tool_choice: { type: 'web_search_preview' }, reasoning: { effort: 'extreme' }, text: { format: { type: 'json_object' } } });
    expect(hosted.body).not.toHaveProperty('tool_choice');
    expect(hosted.body).not.toHaveProperty('reasoning_effort');
    expect(hosted.body.response_format).toEqual({ type: 'json_object' });
    expect(hosted.notes).toEqual([
      "tool_choice of type 'web_search_preview' left out: it names a hosted tool, which a Chat provider has not",
      "reasoning.effort 'extreme' left out: Chat Completions does not know it",
    ]);
  });

  it('joins assistant messages of one turn as paragraphs and skips empty ones', () => {
    const { body } = responsesRequestToChat({
      model: 'm',
      input: [
        { role: 'assistant', content: [{ type: 'output_text', text: 'First ' }, { type: 'output_text', text: 'part.' }] },
        { role: 'assistant', content: 'Second.' },
        { role: 'user', content: 'ok' },
        { role: 'assistant', content: [] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'assistant', content: 'First part.\n\nSecond.' },
      { role: 'user', content: 'ok' },
    ]);
  });

  it('maps sampling, limits, reasoning, text format and streaming', () => {
    const { body } = responsesRequestToChat({
      model: 'm',
      input: 'x',
      max_output_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      reasoning: { effort: 'high', summary: 'auto' },
      text: { verbosity: 'low', format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      stream: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'abc',
    });
    expect(body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      reasoning_effort: 'high',
      verbosity: 'low',
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
      stream: true,
      stream_options: { include_usage: true },
    });
    const completionTokens = responsesRequestToChat({ model: 'm', max_output_tokens: 7 }, { maxTokensField: 'max_completion_tokens' }).body;
    expect(completionTokens).toMatchObject({ max_completion_tokens: 7 });
    expect(completionTokens).not.toHaveProperty('max_tokens');
  });

  it('notes unknown item and part types and leaves them out', () => {
    const { body, notes } = responsesRequestToChat({
      model: 'm',
      input: [
        { type: 'web_search_call', id: 'ws', status: 'completed', action: { type: 'search', query: 'x' } },
        { role: 'user', content: [{ type: 'input_file', file_id: 'f1' }, { type: 'input_text', text: 'hi' }] },
        { role: 'user', content: [{ type: 'input_image', file_id: 'img' }] },
      ],
    });
    expect(body.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(notes).toHaveLength(3);
    expect(notes[0]).toContain("request.input[0] of type 'web_search_call'");
    expect(notes[1]).toContain("request.input[1].content[0] of type 'input_file'");
    expect(notes[2]).toContain('file_id');
  });

  it('refuses what needs state stored at the provider', () => {
    expect(() => responsesRequestToChat({ model: 'm', previous_response_id: 'resp_1' })).toThrow(/previous_response_id/);
    expect(() => responsesRequestToChat({ model: 'm', input: [{ type: 'item_reference', id: 'x' }] })).toThrow(/item_reference/);
    expect(() => responsesRequestToChat({ model: 'm', background: true })).toThrow(TranslationError);
  });

  it('names the field that is wrong', () => {
    const error = catchError(() => responsesRequestToChat({ model: 'm', input: [{ role: 'user', content: 'ok' }, { type: 'function_call', name: 'x', arguments: '{}' }] }));
    expect(error).toBeInstanceOf(TranslationError);
    expect(error.message).toMatch(/^request\.input\[1\]\.call_id: /);
    expect(catchError(() => responsesRequestToChat({ input: 'x' })).message).toMatch(/^request\.model: /);
    expect(catchError(() => responsesRequestToChat('not json object')).message).toMatch(/^request: /);
    expect(catchError(() => responsesRequestToChat({ model: 'm', tools: [{ type: 'function' }] })).message).toMatch(/^request\.tools\[0\]\.name: /);
    expect(catchError(() => responsesRequestToChat({ model: 'm', input: [{ foo: 1 }] })).message).toMatch(/^request\.input\[0\]\.type: /);
  });

  it('throws only TranslationError on arbitrary bodies', () => {
    const item = fc.record(
      {
        type: fc.constantFrom('message', 'function_call', 'function_call_output', 'custom_tool_call', 'reasoning', 'weird', undefined),
        role: fc.constantFrom('user', 'assistant', 'developer', 'system', 'robot'),
        content: fc.oneof(fc.string(), fc.array(fc.record({ type: fc.constantFrom('input_text', 'input_image', 'x'), text: fc.string(), image_url: fc.string() }))),
        call_id: fc.string(),
        name: fc.string(),
        arguments: fc.string(),
        output: fc.oneof(fc.string(), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.anything(),
      fc.record({ model: fc.string(), input: fc.oneof(fc.string(), fc.array(item)), tools: fc.anything(), tool_choice: fc.anything() }, { requiredKeys: ['model'] }),
    );
    fc.assert(
      fc.property(body, (value) => {
        try {
          responsesRequestToChat(value);
        } catch (error) {
          if (!(error instanceof TranslationError)) throw error;
        }
      }),
      { numRuns: fuzzRuns },
    );
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}
