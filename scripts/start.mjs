// `npm start`: opens the Electron window; when Electron cannot start here
// (binary not installed, no display), says why and serves the same UI in the browser.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return { path: require('electron') };
  } catch (error) {
    return { reason: `the Electron binary is not installed (${error.message.split('\n')[0]})` };
  }
}

function displayProblem() {
  if (process.platform !== 'linux') return undefined;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return undefined;
  return 'no graphical display (DISPLAY and WAYLAND_DISPLAY are unset)';
}

function serveInBrowser(reason) {
  process.stdout.write(
    `\nElectron cannot start: ${reason}.\n` +
      'For the desktop window, run `npm rebuild electron` where Electron can be downloaded, on a machine with a display.\n' +
      'Serving Codebay in your browser instead (Ctrl+C stops it).\n\n',
  );
  const child = spawn(process.execPath, [path.join(root, 'bin', 'codebay.mjs'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function main() {
  const binary = electronBinary();
  const problem = binary.reason ?? displayProblem();
  if (problem) return serveInBrowser(problem);
  const { ensureElectronSqlite } = await import('./electron-native.mjs');
  try {
    await ensureElectronSqlite();
  } catch (error) {
    return serveInBrowser(`better-sqlite3 could not be built for Electron (${error.message})`);
  }
  const started = Date.now();
  let stderr = '';
  const child = spawn(binary.path, [root], { stdio: ['ignore', 'inherit', 'pipe'] });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  child.on('error', (error) => serveInBrowser(`launching ${binary.path} failed: ${error.message}`));
  child.on('exit', (code, signal) => {
    // A crash within seconds is a failure to start, not a user closing the window.
    if ((code !== 0 || signal) && Date.now() - started < 10_000) {
      const last = stderr.trim().split('\n').slice(-1)[0] ?? '';
      return serveInBrowser(`Electron exited with ${signal ?? code}${last ? `: ${last}` : ''}`);
    }
    process.exit(code ?? 0);
  });
}

await main();
