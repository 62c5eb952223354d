// Builds the renderer (Vite) into dist/renderer. bin/codebay.mjs (for `serve`) and
// scripts/prepare.mjs call ensureUiBuilt() so no command shows a missing or stale UI.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtPage = path.join(root, 'dist', 'renderer', 'index.html');

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newest(dir) {
  let best = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    best = Math.max(best, entry.isDirectory() ? newest(full) : mtime(full));
  }
  return best;
}

function isStale() {
  const sources = Math.max(newest(path.join(root, 'renderer')), newest(path.join(root, 'shared')), mtime(path.join(root, 'package-lock.json')));
  return mtime(builtPage) < sources;
}

/** Rebuilds the UI when it is missing or older than its sources; progress goes to stderr so stdout stays the command's own. */
export function ensureUiBuilt() {
  if (!isStale()) return;
  const started = Date.now();
  process.stderr.write('▸ Building the UI (vite), since it is missing or older than its sources…\n');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    throw new Error(`The UI build failed (vite exited with ${result.status ?? result.signal}); fix the error above, or run \`npm run build\` to see it again.`);
  }
  process.stderr.write(`▸ UI built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
