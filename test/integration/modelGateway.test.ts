import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireApi } from '../../electron/config/provider.js';
import { bridgeFor } from '../../electron/gateway/bridges.js';
import { GatewayGrants, type GatewayUsage } from '../../electron/gateway/grants.js';
import { ModelGateway } from '../../electron/gateway/modelGateway.js';
import { startModelServer, type ModelServer, type Step } from '../support/modelServer/index.js';

const KEY = 'sk-gateway-test-key';

/** Every server-sent event of a body, as [event name, parsed data]. */
function events(body: string): Array<[string | undefined, unknown]> {
  return body
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      return [name, data === '[DONE]' ? '[DONE]' : (JSON.parse(data) as unknown)];
    });
}

describe('the model gateway between an agent CLI\'s API and the provider\'s (real HTTP, scripted model)', () => {
  let model: ModelServer;
  let door: net.Server;
  let base: string;
  const grants = new GatewayGrants();
  const usage: GatewayUsage[] = [];
  let step: Step = { text: 'unset' };

  beforeAll(async () => {
    model = await startModelServer(() => step);
    const gateway = new ModelGateway(grants, bridgeFor);
    // Stands in for the sandbox tunnel: any stream handed to accept() is served the same way.
    door = net.createServer((socket) => gateway.accept(socket, 't'));
    await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(door.address() as AddressInfo).port}/v1`;
  });

  afterAll(async () => {
    door?.close();
    await model?.close();
  });

  function tokenFor(wire: WireApi): string {
    return grants.grant({ taskId: 't', turn: 1, provider: { baseUrl: model.baseUrl, model: 'provider-model', wire, apiKey: KEY }, onUsage: (u) => usage.push(u) });
  }

  async function post(path: string, token: string, body: object): Promise<{ status: number; text: string }> {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  }

  it('carries a streamed Responses request (Codex CLI) to a Chat-only provider and back, tool call and usage included', async () => {
    step = { toolCalls: [{ name: 'exec_command', arguments: { cmd: 'ls' } }], usage: { input: 30, output: 5 } };
    const { status, text } = await post('/responses', tokenFor('chat'), {
      model: 'gpt-5-codex',
      instructions: 'be brief',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] }],
      tools: [{ type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } }],
      stream: true,
    });
    expect(status).toBe(200);
    const sent = model.requests.at(-1);
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.body?.model).toBe('provider-model');
    const stream = events(text);
    expect(stream[0]?.[0]).toBe('response.created');
    const done = stream.filter(([name]) => name === 'response.output_item.done').map(([, data]) => (data as { item: { type: string; name?: string; arguments?: string } }).item);
    expect(done).toContainEqual(expect.objectContaining({ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls"}' }));
    expect(stream.at(-1)?.[0]).toBe('response.completed');
    expect(usage.at(-1)).toEqual({ inputTokens: 30, outputTokens: 5 });
  });

  it('carries a streamed Anthropic Messages request (Claude Code) to a Chat provider as Anthropic events', async () => {
    step = { text: 'Hello from chat', usage: { input: 12, output: 4 } };
    const { status, text } = await post('/messages', tokenFor('chat'), { model: 'claude-sonnet', max_tokens: 100, system: 'be brief', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(status).toBe(200);
    const stream = events(text);
    expect(stream.map(([name]) => name)).toEqual(expect.arrayContaining(['message_start', 'content_block_start', 'content_block_delta', 'message_delta', 'message_stop']));
    const said = stream.flatMap(([name, data]) => (name === 'content_block_delta' ? [(data as { delta: { text?: string } }).delta.text ?? ''] : [])).join('');
    expect(said).toBe('Hello from chat');
    expect(usage.at(-1)).toEqual({ inputTokens: 12, outputTokens: 4 });
  });

  it('carries a Chat request (opencode) to a Responses-only provider, as JSON', async () => {
    step = { text: 'answer via responses', usage: { input: 9, output: 3 } };
    const { status, text } = await post('/chat/completions', tokenFor('responses'), { model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(status).toBe(200);
    expect(model.requests.at(-1)?.path).toBe('/v1/responses');
    expect((JSON.parse(text) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe('answer via responses');
    expect(usage.at(-1)).toEqual({ inputTokens: 9, outputTokens: 3 });
  });

  it('passes a Responses stream through to a Responses provider unchanged, closing after its final event', async () => {
    step = { text: 'straight through', usage: { input: 2, output: 2 } };
    const { status, text } = await post('/responses', tokenFor('responses'), { model: 'x', input: 'hi', stream: true });
    expect(status).toBe(200);
    expect(events(text).at(-1)?.[0]).toBe('response.completed');
    expect(usage.at(-1)).toEqual({ inputTokens: 2, outputTokens: 2 });
  });

  it('answers 400 with the reason for a request the provider\'s API cannot carry, and sends nothing upstream', async () => {
    const before = model.requests.length;
    const { status, text } = await post('/responses', tokenFor('chat'), { model: 'x', input: 'hi', previous_response_id: 'resp_1' });
    expect(status).toBe(400);
    expect(text).toContain('previous_response_id');
    expect(model.requests.length).toBe(before);
  });

  it('gives the provider\'s own error in the client\'s API shape', async () => {
    step = { fault: 'http', status: 429, body: { error: { message: 'slow down, scripted' } } };
    const anthropic = await post('/messages', tokenFor('chat'), { model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(anthropic.status).toBe(429);
    expect(JSON.parse(anthropic.text)).toMatchObject({ type: 'error', error: { message: expect.stringContaining('slow down, scripted') } });
  });

  it('estimates tokens for Claude Code\'s count_tokens without asking the provider', async () => {
    const before = model.requests.length;
    const { status, text } = await post('/messages/count_tokens', tokenFor('chat'), { model: 'x', messages: [{ role: 'user', content: 'x'.repeat(400) }] });
    expect(status).toBe(200);
    expect((JSON.parse(text) as { input_tokens: number }).input_tokens).toBeGreaterThan(100);
    expect(model.requests.length).toBe(before);
  });
});
