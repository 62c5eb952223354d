import http from 'node:http';
import type { Duplex } from 'node:stream';
import { createParser } from 'eventsource-parser';
import { errorText } from '../errors.js';
import type { Bridge, GatewayApi, SseEvent } from './bridge.js';
import type { GatewayGrant, GatewayGrants } from './grants.js';
import { TranslationError } from './translate/index.js';

/** A long conversation with images fits; anything bigger is not a model request. */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;

const ROUTES: Record<string, GatewayApi> = {
  '/v1/responses': 'responses',
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'anthropic',
};

/** Picks how a client's API reaches the provider's wire; throws when the gateway cannot carry it. */
export type BridgeFor = (client: GatewayApi, provider: GatewayGrant['provider']) => Bridge;

class GatewayRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The model gateway: the only way an agent CLI in a sandbox reaches a model. Requests arrive
 * over connections the engine hands it (see gatewayTunnel.ts), never on a listening port of
 * the host. Each must carry a live task token; the gateway sends it on to the task's
 * provider with the provider's key added here, on the host, so the key never enters a
 * sandbox, and counts the tokens of every answer for the task's turn.
 */
export class ModelGateway {
  private readonly server: http.Server;
  /** The task whose sandbox each connection came from: a token works only through its own task's door. */
  private readonly doorOf = new WeakMap<object, string>();

  constructor(
    private readonly grants: GatewayGrants,
    private readonly bridgeFor: BridgeFor,
  ) {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    // Agents keep one connection open across long silent model calls.
    this.server.keepAliveTimeout = 10 * 60_000;
    this.server.requestTimeout = 0;
  }

  /** Serves HTTP on one connection opened inside the sandbox of task `taskId`. */
  accept(connection: Duplex, taskId: string): void {
    this.doorOf.set(connection, taskId);
    this.server.emit('connection', connection);
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const client = ROUTES[path];
    try {
      if (request.method === 'HEAD') {
        // Claude Code probes the base URL before its first request; the probe learns nothing.
        response.writeHead(200).end();
        return;
      }
      const grant = this.authorize(request);
      if (request.method === 'GET' && (path === '/v1/models' || path === '/models')) {
        return sendJson(response, 200, { object: 'list', data: [{ id: grant.provider.model, object: 'model', owned_by: 'codebay' }] });
      }
      if (request.method === 'POST' && path === '/v1/messages/count_tokens') {
        // Claude Code sizes its context with this; a character estimate is enough for that, and no provider has it.
        const body = await readJson(request);
        return sendJson(response, 200, { input_tokens: Math.ceil(JSON.stringify(body).length / 4) });
      }
      if (!client || request.method !== 'POST') {
        throw new GatewayRefusal(404, `Codebay's model gateway serves POST /v1/responses, /v1/chat/completions and /v1/messages, not ${request.method ?? '?'} ${path}`);
      }
      const bridge = this.bridgeFor(client, grant.provider);
      const body = await readJson(request);
      await this.forward(grant, bridge, body, response);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const status = error instanceof GatewayRefusal ? error.status : 502;
      const message = error instanceof GatewayRefusal ? error.message : `Codebay's model gateway could not reach the model: ${errorText(error)}`;
      sendJson(response, status, client === 'anthropic' ? { type: 'error', error: { type: status === 401 ? 'authentication_error' : 'api_error', message } } : { error: { message, code: status } });
    }
  }

  private authorize(request: http.IncomingMessage): GatewayGrant {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const presented = bearer ?? headerValue(request.headers['x-api-key']) ?? '';
    const grant = this.grants.find(presented);
    if (!grant) throw new GatewayRefusal(401, 'this token does not belong to a running Codebay task (tokens end with their turn)');
    if (this.doorOf.get(request.socket) !== grant.taskId) throw new GatewayRefusal(401, 'this token belongs to another task: each works only from its own task\'s sandbox');
    return grant;
  }

  private async forward(grant: GatewayGrant, bridge: Bridge, body: Record<string, unknown>, response: http.ServerResponse): Promise<void> {
    const { provider } = grant;
    const upstreamBody = translatedRequest(() => bridge.request(body, provider.model));
    const aborted = new AbortController();
    response.once('close', () => aborted.abort());
    const upstream = await fetch(`${provider.baseUrl.replace(/\/+$/, '')}${bridge.upstreamPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: upstreamBody.stream === true ? 'text/event-stream' : 'application/json',
        ...(provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {}),
        ...provider.extraHeaders,
      },
      body: JSON.stringify(upstreamBody),
      signal: aborted.signal,
    });
    if (!upstream.ok) {
      const text = (await upstream.text()).slice(0, MAX_ERROR_BYTES);
      sendJson(response, upstream.status, bridge.error(upstream.status, `the model provider answered HTTP ${upstream.status}: ${errorMessage(text)}`));
      return;
    }
    const streamed = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
    if (!streamed || !upstream.body) {
      const { body: answer, usage } = bridge.json(await upstream.json());
      if (usage) grant.onUsage(usage);
      sendJson(response, 200, answer);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const stream = bridge.stream();
    const write = (events: SseEvent[]): void => {
      for (const event of events) response.write(`${event.event ? `event: ${event.event}\n` : ''}data: ${event.data}\n\n`);
    };
    const parser = createParser({ onEvent: (event) => write(stream.push({ ...(event.event ? { event: event.event } : {}), data: event.data })) });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of upstream.body) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        // Clients act on the final event when the stream closes, so it closes right after it.
        if (stream.done) break;
      }
      write(stream.end());
    } catch (error) {
      if (aborted.signal.aborted) throw error;
      write(stream.fail(`the model provider's stream broke: ${errorText(error)}`));
    }
    const usage = stream.usage();
    if (usage) grant.onUsage(usage);
    response.end();
  }
}

/** A request the client's API allows but the provider's cannot carry is the client's to fix: 400, with why. */
function translatedRequest(translate: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return translate();
  } catch (error) {
    if (error instanceof TranslationError) throw new GatewayRefusal(400, error.message);
    throw error;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The provider's own error message where its body has one, else its text. */
function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the text itself says what went wrong.
  }
  return text.trim() || '(no body)';
}

async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) throw new GatewayRefusal(413, `the request is over ${MAX_REQUEST_BYTES / 1024 / 1024} MiB`);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new GatewayRefusal(400, 'the request body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GatewayRefusal(400, 'the request body is not a JSON object');
  return body as Record<string, unknown>;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
