import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { launchChromium, screenshotDir } from '../support/browser.js';
import { startServe, type ServeProcess } from '../support/serveProcess.js';

function rawGet(port: number, pathAndQuery: string, headers: http.OutgoingHttpHeaders): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathAndQuery, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, origin?: string, headers?: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { ...(origin ? { origin } : {}), ...(headers ? { headers } : {}) });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('codebay serve (browser mode)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-serve-'));

  beforeAll(async () => {
    serve = await startServe({ CODEBAY_HOME: home, OPENAI_BASE_URL: '', OPENAI_API_KEY: '', CODEBAY_MODEL: '' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('listens on 127.0.0.1 only and prints a URL with a long random token', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect(serve.output()).toContain('this machine only');
  });

  it('refuses HTTP without the token, with a wrong token, or for a foreign Host or Origin', async () => {
    expect(await rawGet(serve.port, '/', {})).toBe(403);
    expect(await rawGet(serve.port, '/?token=wrong', {})).toBe(403);
    expect(await rawGet(serve.port, `/?token=${serve.token}`, {})).toBe(200);
    expect(await rawGet(serve.port, `/?token=${serve.token}`, { host: `evil.example:${serve.port}` })).toBe(403);
    expect(await rawGet(serve.port, `/?token=${serve.token}`, { origin: 'http://evil.example' })).toBe(403);
  });

  it('refuses a WebSocket from another Origin or without the token, and serves its own', async () => {
    const wsUrl = `ws://127.0.0.1:${serve.port}/ws`;
    await expect(openSocket(`${wsUrl}?token=${serve.token}`, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(openSocket(wsUrl, serve.origin)).rejects.toThrow(/403/);
    await expect(openSocket(`${wsUrl}?token=${serve.token}`)).rejects.toThrow(/403/);
    const socket = await openSocket(`${wsUrl}?token=${serve.token}`, serve.origin);
    const reply = await new Promise<unknown>((resolve) => {
      socket.once('message', (data) => resolve(JSON.parse(data.toString())));
      socket.send(JSON.stringify({ id: 7, method: 'app.info', params: {} }));
    });
    expect(reply).toMatchObject({ id: 7, result: { transport: 'websocket', dataDir: home } });
    const bad = await new Promise<unknown>((resolve) => {
      socket.once('message', (data) => resolve(JSON.parse(data.toString())));
      socket.send(JSON.stringify({ id: 8, method: 'no.such', params: {} }));
    });
    expect(bad).toMatchObject({ id: 8, error: { code: 'unknown_method' } });
    socket.close();
  });

  it('shows the system check in Chromium with no request leaving the machine', async () => {
    const page = await browser.newPage();
    const offsite: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(serve.origin) && !request.url().startsWith('ws://127.0.0.1')) offsite.push(request.url());
    });
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'System check' }).waitFor();
    const docker = page.getByRole('listitem', { name: 'Docker' });
    await expect(docker.textContent()).resolves.toMatch(/engine \d+\.\d+/);
    await expect(page.getByRole('listitem', { name: 'Model' }).textContent()).resolves.toMatch(/no model provider configured.*Fix: set OPENAI_BASE_URL/);
    await page.screenshot({ path: path.join(screenshotDir, 'doctor.png'), fullPage: true });
    expect(offsite).toEqual([]);
    await page.close();
  });

  it('keeps a foreign page in the same browser out', async () => {
    const foreign = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>foreign</title>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
    const foreignPort = (foreign.address() as AddressInfo).port;
    const page = await browser.newPage();
    try {
      await page.goto(serve.url);
      await page.getByRole('heading', { name: 'System check' }).waitFor();
      await page.goto(`http://127.0.0.1:${foreignPort}/`);
      // Written as page source so the test's own `ws` import cannot leak into it.
      const outcome = (await page.evaluate(`(async () => {
        const socketResult = await new Promise((resolve) => {
          const socket = new WebSocket('ws://127.0.0.1:${serve.port}/ws?token=${serve.token}');
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('refused');
        });
        const fetchResult = await fetch('http://127.0.0.1:${serve.port}/?token=${serve.token}').then(
          (r) => 'status ' + r.status + ' ' + r.type,
          () => 'blocked',
        );
        return { socketResult, fetchResult };
      })()`)) as { socketResult: string; fetchResult: string };
      // Even knowing the token, a page of another origin is refused by the server.
      expect(outcome.socketResult).toBe('refused');
      expect(outcome.fetchResult).toBe('blocked');
    } finally {
      await page.close();
      foreign.close();
    }
  });
});
