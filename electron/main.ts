import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, shell } from 'electron';
import { Api, ApiError } from './api.js';
import { createApp } from './app.js';
import { errorText } from './errors.js';
import { contentSecurityPolicy, isSafeExternalUrl, secureWebPreferences } from './security.js';

// Electron entry: a thin, locked-down window around the same Api the browser mode serves.
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const APP_ORIGIN = 'codebay://app';

if (app.isPackaged) process.env.CODEBAY_RESOURCES ??= process.resourcesPath;

protocol.registerSchemesAsPrivileged([
  { scheme: 'codebay', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.png': 'image/png' };

function serveRenderer(): void {
  protocol.handle('codebay', async (request) => {
    const { pathname } = new URL(request.url);
    const file = path.resolve(rendererDir, pathname === '/' ? 'index.html' : `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(rendererDir + path.sep)) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), {
        headers: {
          'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
          'content-security-policy': contentSecurityPolicy(),
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function lockDown(window: BrowserWindow): void {
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  window.webContents.session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'notifications' || permission === 'clipboard-sanitized-write');
  });
}

function electronSqliteBinding(): string | undefined {
  const candidates = [
    path.join(process.resourcesPath, 'native', 'better_sqlite3.node'),
    path.join(here, '..', '..', '.cache', 'electron-native', process.versions.electron ?? '', 'better_sqlite3.node'),
  ];
  return candidates.find((file) => existsSync(file));
}

async function start(): Promise<void> {
  await app.whenReady();
  serveRenderer();
  const engine = createApp({ nativeBinding: electronSqliteBinding() });
  const api = new Api(engine, 'ipc');
  void engine.startEngine().catch((error: unknown) => {
    process.stderr.write(`Codebay: tasks cannot run yet: ${errorText(error)}\n`);
  });
  ipcMain.handle('codebay:call', async (_event, method: string, params: unknown) => {
    try {
      return { result: await api.call(method, params) };
    } catch (error) {
      return { error: error instanceof ApiError ? error.body : { code: 'failed', message: errorText(error) } };
    }
  });

  ipcMain.handle('codebay:pickFolder', async (event) => {
    const owner = BrowserWindow.fromWebContents(event.sender);
    const options = { title: 'Choose a git repository', properties: ['openDirectory' as const] };
    const chosen = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
  });

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Codebay',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  });
  lockDown(window);
  const unsubscribe = api.subscribe((event) => window.webContents.send('codebay:event', event));
  window.on('closed', unsubscribe);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/`);

  app.on('window-all-closed', () => {
    void engine.close().finally(() => app.quit());
  });
}

start().catch((error: unknown) => {
  process.stderr.write(`Codebay could not start: ${errorText(error)}\n`);
  app.exit(1);
});
