// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/<electron version>/,
// leaving node_modules' Node build (used by the CLI and the tests) untouched.
// electron/main.ts hands the result to better-sqlite3 as its nativeBinding.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function electronSqlitePath() {
  const { version } = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
  return path.join(root, '.cache', 'electron-native', version, 'better_sqlite3.node');
}

export async function ensureElectronSqlite() {
  const target = electronSqlitePath();
  if (existsSync(target)) return target;
  const version = path.basename(path.dirname(target));
  process.stdout.write(`▸ Building better-sqlite3 for Electron ${version} (first start only)…\n`);
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'codebay-sqlite-electron-'));
  try {
    cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
    const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
    const result = spawnSync(
      process.execPath,
      [nodeGyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
      { cwd: work, stdio: 'inherit' },
    );
    if (result.status !== 0) throw new Error(`node-gyp exited with ${result.status}; Electron's headers must be downloadable`);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Run directly (by `npm run dist`), it also stages the binary where
// build/electron-builder.yml picks it up.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await ensureElectronSqlite();
  const staged = path.join(root, '.cache', 'electron-native', 'current', 'better_sqlite3.node');
  mkdirSync(path.dirname(staged), { recursive: true });
  cpSync(built, staged);
  process.stdout.write(`${built}\n`);
}
