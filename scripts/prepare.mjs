// Brings a checkout to a runnable state before `npm start` and `npm test`:
// dependencies, bundles, the UI build and the sandbox image, each only when missing or stale.
// Usage: node scripts/prepare.mjs --for app|tests
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[process.argv.indexOf('--for') + 1] === 'tests' ? 'tests' : 'app';

function step(message) {
  process.stdout.write(`\n▸ ${message}\n`);
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stderr.write(`\n✖ ${what} failed (exit ${result.status ?? result.signal}). Fix the error above and run again.\n`);
    process.exit(1);
  }
}

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

function ensureDependencies() {
  const installed = mtime(path.join(root, 'node_modules', '.package-lock.json'));
  const wanted = Math.max(mtime(path.join(root, 'package.json')), mtime(path.join(root, 'package-lock.json')));
  if (installed >= wanted) return;
  step('Installing dependencies (npm install)…');
  run('npm', ['install', '--no-audit', '--no-fund'], 'npm install');
}

async function ensureBuilds() {
  const { ensureMainBuilt } = await import('./build-main.mjs');
  await ensureMainBuilt();
  const ui = mtime(path.join(root, 'dist', 'renderer', 'index.html'));
  const uiSources = Math.max(newest(path.join(root, 'renderer')), newest(path.join(root, 'shared')));
  if (ui >= uiSources) return;
  step('Building the UI (vite)…');
  run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], 'The UI build');
}

function ensureSandboxImage() {
  const doctor = spawnSync(process.execPath, ['bin/codebay.mjs', 'doctor', '--json'], { cwd: root, encoding: 'utf8' });
  let report;
  try {
    report = JSON.parse(doctor.stdout);
  } catch {
    process.stderr.write(`✖ codebay doctor gave no report:\n${doctor.stderr}\n`);
    process.exit(1);
  }
  const docker = report.checks.find((c) => c.name === 'docker');
  const image = report.checks.find((c) => c.name === 'image');
  if (!docker.ok) {
    const message = `Docker is not reachable: ${docker.detail}\n  fix: ${docker.fix}`;
    if (purpose === 'tests') {
      process.stderr.write(`✖ ${message}\n  The tests need a running Docker engine.\n`);
      process.exit(1);
    }
    process.stdout.write(`! ${message}\n  Codebay starts anyway; its System check screen shows the fix.\n`);
    return;
  }
  if (image.ok) return;
  step(`Building the sandbox image ${image.detail.split(' ')[0]} (first run only, a few minutes)…`);
  run(process.execPath, ['bin/codebay.mjs', 'image', 'build'], 'The sandbox image build');
}

function ensureChromium() {
  const chromium = process.env.CODEBAY_CHROMIUM || '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  process.stderr.write(
    `✖ The browser tests need Chromium at ${chromium}. Install Debian's package (sudo apt-get install chromium) ` +
      'or set CODEBAY_CHROMIUM to a Chromium or Chrome executable.\n',
  );
  process.exit(1);
}

ensureDependencies();
await ensureBuilds();
ensureSandboxImage();
if (purpose === 'tests') ensureChromium();
