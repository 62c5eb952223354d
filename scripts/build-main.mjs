// Bundles the main-process entries (Electron main, preload, CLI) with esbuild.
// bin/codebay.mjs and scripts/prepare.mjs call ensureMainBuilt() so a checkout
// never runs a stale bundle.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'electron');
const outputs = ['cli.js', 'main.js', 'preload.cjs'].map((f) => path.join(outDir, f));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  const sources = Math.max(
    newestMtime(path.join(root, 'electron')),
    newestMtime(path.join(root, 'shared')),
    statSync(path.join(root, 'package.json')).mtimeMs,
  );
  try {
    return outputs.some((file) => statSync(file).mtimeMs < sources);
  } catch {
    return true;
  }
}

export async function buildMain() {
  const { build } = await import('esbuild');
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };
  await Promise.all([
    build({ ...common, entryPoints: ['./electron/cli.ts', './electron/main.ts'], outdir: outDir, format: 'esm', packages: 'external' }),
    // A sandboxed preload must be one CommonJS file that requires nothing but electron.
    build({ ...common, entryPoints: ['./electron/preload.ts'], outfile: path.join(outDir, 'preload.cjs'), format: 'cjs', external: ['electron'] }),
  ]);
}

export async function ensureMainBuilt() {
  if (!isStale()) return;
  process.stderr.write('▸ Bundling the main process (esbuild), since it is missing or older than its sources…\n');
  await buildMain();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildMain();
}
