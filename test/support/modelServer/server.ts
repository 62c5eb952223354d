import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorText } from '../../../electron/errors.js';
import { nextStep } from './nextStep.js';
import { CallIds } from './plan.js';
import { playStep } from './playStep.js';
import { errorBody, sendJson } from './reply.js';
import { ScriptError } from './scriptError.js';
import type { ModelRequestBody, ModelServer, ModelServerOptions, RecordedRequest, Script, Wire } from './types.js';

const wires: Record<string, Wire> = {
  '/v1/chat/completions': 'chat',
  '/v1/responses': 'responses',
};

// Tells the openai SDK not to retry, so a script error is not hidden behind retries that eat steps.
const noRetry = { 'x-should-retry': 'false' };

export async function startModelServer(script: Script, options: ModelServerOptions = {}): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const models = options.models ?? ['test-model'];
  const callIds = new CallIds();
  const closing = new AbortController();
  let stepsTaken = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = preciseNow();
    const raw = await readBody(req);
    const path = req.url ?? '/';
    const route = `${req.method ?? 'GET'} ${new URL(path, 'http://127.0.0.1').pathname}`;
    const request: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: undefined, receivedAt };
    res.once('finish', () => {
      request.finishedAt = preciseNow();
    });
    requests.push(request);
    if (raw.length > 0) {
      const body = parseBody(raw);
      if (body === undefined) {
        sendJson(
          res,
          400,
          errorBody(`model server got a body that is not a JSON object on ${route}. Send a JSON object`, 'invalid_request_error'),
          noRetry,
        );
        return;
      }
      request.body = body;
    }

    if (route === 'GET /v1/models') {
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'codebay-test' })) });
      return;
    }
    const wire = req.method === 'POST' ? wires[route.slice('POST '.length)] : undefined;
    if (wire === undefined) {
      sendJson(
        res,
        404,
        errorBody(
          `model server has no route ${route}. It answers GET /v1/models, POST /v1/chat/completions and POST /v1/responses`,
          'invalid_request_error',
        ),
        noRetry,
      );
      return;
    }

    const index = stepsTaken;
    stepsTaken += 1;
    request.step = index;
    try {
      const step = await nextStep(script, request, index);
      await playStep(res, step, { wire, body: request.body ?? {}, index, callIds, closing: closing.signal });
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      sendJson(res, 500, errorBody(error.message, 'script_error'), noRetry);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, errorBody(`model server failed on ${req.method} ${req.url}: ${errorText(error)}`, 'server_error'), noRetry);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Milliseconds since the epoch with sub-millisecond precision, comparable with Date.now(). */
function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(raw: Buffer): ModelRequestBody | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ModelRequestBody) : undefined;
  } catch {
    return undefined;
  }
}
