import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeFor } from '../../electron/gateway/bridges.js';
import { GATEWAY_BASE_URL, GatewayTunnel } from '../../electron/gateway/gatewayTunnel.js';
import { GatewayGrants, type GatewayUsage } from '../../electron/gateway/grants.js';
import { ModelGateway } from '../../electron/gateway/modelGateway.js';
import { createDocker } from '../../electron/sandbox/docker.js';
import { createSandbox } from '../../electron/sandbox/createSandbox.js';
import type { Sandbox } from '../../electron/sandbox/sandbox.js';
import { startModelServer, type ModelServer } from '../support/modelServer/index.js';
import { ensureSandboxImage, removeInstanceContainers, testInstanceId } from './sandboxFixture.js';

const docker = createDocker();
const instanceId = testInstanceId('gateway');
const PROVIDER_KEY = 'sk-provider-key-never-in-sandbox-7f3a';

describe('the model gateway, reached from a sandbox with no network (real Docker)', () => {
  let model: ModelServer;
  let sandbox: Sandbox;
  let tunnel: GatewayTunnel;
  const grants = new GatewayGrants();
  const usage: GatewayUsage[] = [];
  let token: string;

  beforeAll(async () => {
    const image = await ensureSandboxImage(docker);
    model = await startModelServer(() => ({ text: 'hello from the model', usage: { input: 11, output: 7 } }));
    const gateway = new ModelGateway(grants, bridgeFor);
    token = grants.grant({ taskId: 't1', turn: 1, provider: { baseUrl: model.baseUrl, model: 'the-task-model', wire: 'chat', apiKey: PROVIDER_KEY }, onUsage: (u) => usage.push(u) });
    sandbox = await createSandbox({ docker, image, instanceId, taskId: 'gateway' });
    await sandbox.disconnectNetwork();
    tunnel = await GatewayTunnel.open(docker, sandbox.container, (connection) => gateway.accept(connection, 't1'));
  });

  afterAll(async () => {
    tunnel?.close();
    await removeInstanceContainers(docker, instanceId);
    await model?.close();
  });

  async function curl(args: string[]): Promise<{ status: string; body: string }> {
    let out = '';
    const result = await sandbox.exec(['curl', '-sS', '-w', '\n%{http_code}', ...args], { onOutput: (_s, text) => void (out += text) });
    expect(result.exitCode, out).toBe(0);
    const lines = out.trimEnd().split('\n');
    return { status: lines.pop() ?? '', body: lines.join('\n') };
  }

  const chat = (key: string, body: object): string[] => [`${GATEWAY_BASE_URL}/chat/completions`, '-H', `authorization: Bearer ${key}`, '-H', 'content-type: application/json', '-d', JSON.stringify(body)];

  it('forwards a request with the provider key added on the host and the task model set, and counts its tokens', async () => {
    const { status, body } = await curl(chat(token, { model: 'whatever-the-cli-says', messages: [{ role: 'user', content: 'hi' }] }));
    expect(status).toBe('200');
    expect((JSON.parse(body) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe('hello from the model');
    const forwarded = model.requests.at(-1);
    expect(forwarded?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(forwarded?.body?.model).toBe('the-task-model');
    expect(usage.at(-1)).toEqual({ inputTokens: 11, outputTokens: 7 });
  });

  it('streams, asking the provider for usage at the end', async () => {
    const { status, body } = await curl(['-N', ...chat(token, { model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] })]);
    expect(status).toBe('200');
    expect(body).toContain('data: [DONE]');
    const text = [...body.matchAll(/"content":"([^"]*)"/g)].map((m) => m[1]).join('');
    expect(text).toBe('hello from the model');
    expect(model.requests.at(-1)?.body?.stream_options).toEqual({ include_usage: true });
    expect(usage).toHaveLength(2);
  });

  it('refuses a token that is not a running task\'s, one whose turn ended, and another task\'s', async () => {
    const before = model.requests.length;
    expect((await curl(chat('cbgw-forged', { messages: [] }))).status).toBe('401');
    const neighbours = grants.grant({ taskId: 't3', turn: 1, provider: { baseUrl: model.baseUrl, model: 'm', wire: 'chat', apiKey: PROVIDER_KEY }, onUsage: () => undefined });
    const borrowed = await curl(chat(neighbours, { messages: [{ role: 'user', content: 'hi' }] }));
    expect(borrowed.status).toBe('401');
    expect(borrowed.body).toContain('belongs to another task');
    const ended = grants.grant({ taskId: 't2', turn: 1, provider: { baseUrl: model.baseUrl, model: 'm', wire: 'chat', apiKey: PROVIDER_KEY }, onUsage: () => undefined });
    grants.revoke(ended);
    const refused = await curl(chat(ended, { messages: [] }));
    expect(refused.status).toBe('401');
    expect(refused.body).toContain('does not belong to a running Codebay task');
    expect(model.requests.length).toBe(before);
  });

  it('says which APIs it serves for any other path', async () => {
    const { status, body } = await curl([`${GATEWAY_BASE_URL}/embeddings`, '-H', `authorization: Bearer ${token}`, '-d', '{}']);
    expect(status).toBe('404');
    expect(body).toContain('/v1/responses, /v1/chat/completions and /v1/messages');
  });

  it('leaves no trace of the provider key in the sandbox: environments, command lines, files', async () => {
    let out = '';
    // The key travels reversed, so no command line here holds it; the pattern file sits outside the folders searched.
    const look = 'printf %s "$0" | rev > /root/.pattern; cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null | tr "\\0" "\\n" | grep -c -F -f /root/.pattern; grep -rl -F -f /root/.pattern /workspace /tmp /home /etc /run 2>/dev/null | wc -l';
    await sandbox.exec(['sh', '-c', look, [...PROVIDER_KEY].reverse().join('')], {
      user: 'root',
      onOutput: (_s, text) => void (out += text),
    });
    expect(out.split('\n').slice(0, 2)).toEqual(['0', '0']);
  });
});
