import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { type ReplyFrame, requestFrameSchema } from '../shared/protocol.js';
import { type Api, ApiError } from './api.js';
import { errorText } from './errors.js';
import { contentSecurityPolicy } from './security.js';

export interface ServeOptions {
  port?: number;
  staticDir: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'codebay_token';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value;
  }
  return undefined;
}

/**
 * Serves the UI and the Api on 127.0.0.1 only. Every request needs the token
 * (query or cookie), a Host naming this server (against DNS rebinding), and,
 * when the browser sends one, this server's own Origin.
 */
export async function startServer(api: Api, options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const staticDir = path.resolve(options.staticDir);
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

  const refusal = (req: http.IncomingMessage): string | undefined => {
    if (!allowedHosts().includes(req.headers.host ?? '')) return `Host "${req.headers.host ?? ''}" is not this server`;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) return `Origin "${origin}" may not use this server`;
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? undefined;
    if (!sameSecret(query, token) && !sameSecret(cookieToken(req.headers.cookie), token)) {
      return 'missing or wrong token: open the URL that `codebay serve` printed';
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    const refused = refusal(req);
    if (refused) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Forbidden: ${refused}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    serveFile(req, res, staticDir, token, port).catch((error: unknown) => {
      // One bad request must not take the server, and every task it runs, down with it.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Internal error: ${errorText(error)}\n`);
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const refused = refusal(req) ?? (req.headers.origin === undefined ? 'a WebSocket needs an Origin header' : undefined);
    if (refused) {
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nForbidden: ${refused}\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attach(api, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  }).catch((error: unknown) => {
    throw new Error(`could not listen on 127.0.0.1:${options.port ?? 0}: ${errorText(error)}; choose another port with --port`);
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serveFile(req: http.IncomingMessage, res: http.ServerResponse, root: string, token: string, port: number): Promise<void> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Bad request: the path is not valid percent-encoding\n');
    return;
  }
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    const headers: http.OutgoingHttpHeaders = {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': relative === 'index.html' ? 'no-store' : 'private, max-age=3600',
    };
    if (relative === 'index.html') {
      headers['content-security-policy'] = contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
      headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  } catch {
    const missingUi = relative === 'index.html';
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(missingUi ? `The UI is not built: run \`npm run build\` (looked in ${root})\n` : 'Not found\n');
  }
}

function attach(api: Api, ws: WebSocket): void {
  const unsubscribe = api.subscribe((event) => ws.send(JSON.stringify({ event })));
  ws.on('close', unsubscribe);
  // A broken or oversized frame closes this connection (ws sends 1002/1009); unheard, the error would end the process.
  ws.on('error', (error) => process.stderr.write(`codebay serve: closed a WebSocket connection: ${errorText(error)}\n`));
  ws.on('message', (data) => {
    void (async () => {
      let frame;
      try {
        frame = requestFrameSchema.parse(JSON.parse(data.toString()));
      } catch (error) {
        ws.send(JSON.stringify({ id: -1, error: { code: 'bad_frame', message: `unreadable request frame: ${errorText(error)}` } }));
        return;
      }
      let reply: ReplyFrame;
      try {
        reply = { id: frame.id, result: await api.call(frame.method, frame.params) };
      } catch (error) {
        reply = {
          id: frame.id,
          error: error instanceof ApiError ? error.body : { code: 'failed', message: errorText(error) },
        };
      }
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
    })();
  });
}
