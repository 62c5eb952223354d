import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { repoRoot } from '../support/cli.js';
import { startServe, type ServeProcess } from '../support/serveProcess.js';

interface RawReply {
  status: number;
  headers: string;
  body: string;
}

/** Sends one HTTP request exactly as written (no client-side normalising of the path or headers). */
function raw(port: number, request: string, host = '127.0.0.1'): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body: rest.join('\r\n\r\n') });
    });
    socket.write(request);
  });
}

function get(serve: ServeProcess, target: string, headers: Record<string, string> = {}): Promise<RawReply> {
  const lines = Object.entries({ host: `127.0.0.1:${serve.port}`, connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return raw(serve.port, [`GET ${target} HTTP/1.1`, ...lines, '', ''].join('\r\n'));
}

function socket(url: string, options: { origin?: string; headers?: Record<string, string> } = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...(options.origin ? { origin: options.origin } : {}), ...(options.headers ? { headers: options.headers } : {}) });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function reply(ws: WebSocket, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.send(frame);
  });
}

/** An address of this machine other than loopback, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

function refusedAt(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('codebay serve: token, Host and Origin rules, and robustness of what it serves', () => {
  let serve: ServeProcess;
  const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-serve-hardening-'));

  beforeAll(async () => {
    serve = await startServe({ CODEBAY_HOME: home, OPENAI_BASE_URL: '', OPENAI_API_KEY: '', CODEBAY_MODEL: '' });
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('sets the token as an HttpOnly, SameSite=Strict cookie with a strict CSP, and accepts the cookie alone', async () => {
    const page = await get(serve, `/?token=${serve.token}`);
    expect(page.status).toBe(200);
    expect(page.headers).toMatch(new RegExp(`set-cookie: codebay_token=${serve.token}; HttpOnly; SameSite=Strict; Path=/`, 'i'));
    expect(page.headers).toMatch(/content-security-policy: default-src 'self'; script-src 'self'/i);
    expect(page.headers).toMatch(/x-content-type-options: nosniff/i);
    expect(page.headers).toMatch(/referrer-policy: no-referrer/i);
    expect((await get(serve, '/', { cookie: `codebay_token=${serve.token}` })).status).toBe(200);
    expect((await get(serve, '/', { cookie: 'codebay_token=wrong' })).status).toBe(403);
    expect((await get(serve, '/', { cookie: `other=${serve.token}` })).status).toBe(403);
    expect((await get(serve, `/?token=${serve.token.slice(0, -1)}`)).status).toBe(403);
    expect((await get(serve, `/?token=${serve.token}x`)).status).toBe(403);
  });

  it('refuses a missing or foreign Host and a foreign or opaque Origin, even with the token', async () => {
    const withToken = `/?token=${serve.token}`;
    expect((await raw(serve.port, `GET ${withToken} HTTP/1.0\r\n\r\n`)).status).toBe(403);
    expect((await get(serve, withToken, { host: `127.0.0.1.nip.io:${serve.port}` })).status).toBe(403);
    expect((await get(serve, withToken, { host: `127.0.0.1:${serve.port + 1}` })).status).toBe(403);
    expect((await get(serve, withToken, { origin: 'null' })).status).toBe(403);
    expect((await get(serve, withToken, { origin: `http://127.0.0.1:${serve.port}.evil.example` })).status).toBe(403);
    expect((await get(serve, withToken, { host: `localhost:${serve.port}` })).status).toBe(200);
  });

  it('serves only GET and HEAD', async () => {
    const post = await raw(serve.port, [`POST /?token=${serve.token} HTTP/1.1`, `host: 127.0.0.1:${serve.port}`, 'content-length: 2', 'connection: close', '', '{}'].join('\r\n'));
    expect(post.status).toBe(405);
  });

  it('never serves a file outside the UI folder, however the path is spelled', async () => {
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? 'root:';
    for (const target of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2fetc%2fpasswd', '/....//....//etc/passwd', '/assets/../../../package.json']) {
      const response = await get(serve, `${target}?token=${serve.token}`);
      expect(response.status, target).toBe(404);
      expect(response.body).not.toContain(passwd);
      expect(response.body).not.toContain('"name": "codebay"');
    }
  });

  it('survives a malformed percent-encoding in the path', async () => {
    const response = await get(serve, `/%E0%A4%A?token=${serve.token}`);
    expect([400, 404]).toContain(response.status);
    expect((await get(serve, `/?token=${serve.token}`)).status).toBe(200);
  });

  it('refuses WebSockets without an Origin, with an opaque or foreign one, or a foreign Host; accepts the cookie', async () => {
    const url = `ws://127.0.0.1:${serve.port}/ws`;
    await expect(socket(`${url}?token=${serve.token}`, { origin: 'null' })).rejects.toThrow(/403/);
    await expect(socket(`${url}?token=${serve.token}`, { origin: serve.origin, headers: { host: `evil.example:${serve.port}` } })).rejects.toThrow(/403/);
    await expect(socket(url, { origin: serve.origin, headers: { cookie: 'codebay_token=wrong' } })).rejects.toThrow(/403/);
    const ws = await socket(url, { origin: serve.origin, headers: { cookie: `codebay_token=${serve.token}` } });
    expect(await reply(ws, JSON.stringify({ id: 1, method: 'app.info', params: {} }))).toMatchObject({ id: 1, result: { transport: 'websocket' } });
    ws.close();
  });

  it('answers bad frames with an error and keeps the connection; closes one over the size limit and keeps serving', async () => {
    const url = `ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`;
    const ws = await socket(url, { origin: serve.origin });
    for (const frame of ['not json', '[]', '{"id":"x","method":"app.info"}', '{"id":1}', 'null']) {
      expect(await reply(ws, frame), frame).toMatchObject({ id: -1, error: { code: 'bad_frame', message: expect.stringContaining('unreadable request frame') } });
    }
    expect(await reply(ws, JSON.stringify({ id: 2, method: 'tasks.get', params: { id: 'x'.repeat(100) } }))).toMatchObject({ id: 2, error: { code: 'invalid_params' } });
    expect(await reply(ws, JSON.stringify({ id: 3, method: 'app.info', params: {} }))).toMatchObject({ id: 3, result: { transport: 'websocket' } });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(17 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const again = await socket(url, { origin: serve.origin });
    expect(await reply(again, JSON.stringify({ id: 4, method: 'app.info', params: {} }))).toMatchObject({ id: 4 });
    again.close();
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await refusedAt('::1', serve.port)).not.toBe('connected');
    const address = outsideAddress();
    if (address) expect(await refusedAt(address, serve.port)).toBe('ECONNREFUSED');
    expect(await refusedAt('127.0.0.1', serve.port)).toBe('connected');
  });
});

describe('the Electron window, as wired in main.ts', () => {
  const main = readFileSync(path.join(repoRoot, 'electron', 'main.ts'), 'utf8');

  it('grants only the notification and clipboard-write permissions', () => {
    const handler = /setPermissionRequestHandler\(\(([^)]*)\) => \{([\s\S]*?)\}\);/.exec(main);
    expect(handler?.[2]).toBeDefined();
    const granted = [...(handler?.[2] ?? '').matchAll(/permission === '([\w-]+)'/g)].map((m) => m[1]);
    expect(granted.sort()).toEqual(['clipboard-sanitized-write', 'notifications']);
    expect(handler?.[2]).not.toMatch(/callback\(true\)/);
  });

  it('serves the app scheme with the CSP and only from the renderer folder', () => {
    expect(main).toMatch(/protocol\.handle\('codebay'/);
    expect(main).toMatch(/'content-security-policy': contentSecurityPolicy\(\)/);
    expect(main).toMatch(/if \(!file\.startsWith\(rendererDir \+ path\.sep\)\) return new Response\('Not found', \{ status: 404 \}\)/);
    expect(main).toMatch(/will-navigate[\s\S]*?if \(!url\.startsWith\(`\$\{APP_ORIGIN\}\/`\)\) event\.preventDefault\(\)/);
    expect(main).not.toMatch(/webSecurity:\s*false|nodeIntegration:\s*true|contextIsolation:\s*false|allowRunningInsecureContent:\s*true/);
    expect(main).not.toMatch(/openDevTools|remote\b|enableRemoteModule/);
  });
});
