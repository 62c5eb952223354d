// Brings a checkout to a runnable state before `npm start` and `npm test`:
// dependencies, bundles, the UI build and the sandbox image, each only when missing or stale.
// Usage: node scripts/prepare.mjs --for app|tests
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[process.argv.indexOf('--for') + 1] === 'tests' ? 'tests' : 'app';

function step(message) {
  process.stdout.write(`\n▸ ${message}\n`);
}

function run(command, args, what, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
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

// Electron's own postinstall downloads its binary and fails the whole install where that
// download cannot be made; so dependencies install without it and the download is tried
// on its own, where a failure costs only the desktop window (npm start serves the browser UI).
function ensureDependencies() {
  const lock = path.join(root, 'node_modules', '.package-lock.json');
  const installed = mtime(lock);
  const wanted = Math.max(mtime(path.join(root, 'package.json')), mtime(path.join(root, 'package-lock.json')));
  if (installed >= wanted) return;
  // A first install reproduces the committed lockfile exactly; a later one follows edits to package.json.
  const command = installed === 0 ? 'ci' : 'install';
  step(`Installing dependencies (npm ${command})…`);
  run('npm', [command, '--no-audit', '--no-fund'], `npm ${command}`, { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
  if (!process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) ensureElectronBinary();
}

function ensureElectronBinary() {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return;
  const result = spawnSync(process.execPath, [installer], { cwd: path.dirname(installer), encoding: 'utf8', env: process.env });
  if (result.status === 0) return;
  const reason = `${result.stderr ?? ''}${result.stdout ?? ''}`.split('\n').find((line) => line.trim() !== '')?.trim() ?? `exit ${result.status ?? result.signal}`;
  process.stdout.write(
    `! Electron's binary could not be downloaded (${reason}); installed without it, so \`npm start\` serves the UI in your browser (\`npm rebuild electron\` tries the download again).\n`,
  );
}

async function ensureBuilds() {
  const { ensureMainBuilt } = await import('./build-main.mjs');
  const { ensureUiBuilt } = await import('./build-ui.mjs');
  await ensureMainBuilt();
  try {
    ensureUiBuilt();
  } catch (error) {
    process.stderr.write(`\n✖ ${error.message}\n`);
    process.exit(1);
  }
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
