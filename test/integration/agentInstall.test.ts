import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_PACKAGES, SANDBOX_AGENTS_DIR, type CliBackendName } from '../../electron/agent/backends/catalog.js';
import { AgentInstallCancelled, installAgent, installedAgent } from '../../electron/agent/backends/install.js';
import { runCli } from '../support/cli.js';
import { requireSandboxImage } from '../support/docker.js';
import { waitFor } from '../support/waitFor.js';

// Real installs from the npm registry (the only network these tests use besides loopback).
// codex is installed first and most, as it is the quickest; claude and opencode once, with --all.

const INSTALL_TIMEOUT_MS = 180_000;

const tempDirs: string[] = [];

/** A temporary folder, deleted after the tests: installs take 350 to 450 MB each. */
function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `codebay-agents-${name}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** What is in an agent's folder: after any install, only finished versions (no lock, work folder or trash). */
function agentFolder(home: string, agent: CliBackendName): string[] {
  const dir = path.join(home, 'agents', agent);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** A port on 127.0.0.1 where nothing listens, so a connection is refused at once. */
async function refusingPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

interface AgentRow {
  name: string;
  version: string | null;
  installed: boolean;
  dir?: string;
  installCommand?: string;
}

async function listed(env: NodeJS.ProcessEnv): Promise<AgentRow[]> {
  const result = await runCli(['agents', 'ls', '--json'], env);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { agents: AgentRow[] }).agents;
}

/** Runs `command` in the sandbox image as the sandbox user, with no network and `hostDir` mounted read-only at the agents' path. */
async function runInSandbox(docker: Docker, image: string, hostDir: string, command: string[]): Promise<{ exitCode: number; output: string }> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: command,
    User: '1000:1000',
    Tty: true,
    Labels: { 'dev.codebay.app': 'codebay-test' },
    HostConfig: { NetworkMode: 'none', Binds: [`${hostDir}:${SANDBOX_AGENTS_DIR}:ro`] },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true, follow: false });
    return { exitCode: StatusCode, output: logs.toString('utf8') };
  } finally {
    await container.remove({ force: true });
  }
}

describe('agent CLIs installed from the npm registry', () => {
  const home = tempDir('main');
  const env = { CODEBAY_HOME: home };
  const codex = CLI_PACKAGES.codex;

  it('lists the built-in agent and the three CLIs, none installed, each with the command that installs it', async () => {
    const text = await runCli(['agents'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/built-in\s+Codebay agent\s+ships with Codebay/);
    expect(text.stdout).toMatch(/codex\s+Codex CLI\s+0\.171\.0\s+not installed: codebay agents install codex/);
    expect(text.stdout).toMatch(/claude\s+Claude Code\s+\S+\s+not installed: codebay agents install claude/);
    expect(text.stdout).toMatch(/opencode\s+opencode\s+\S+\s+not installed: codebay agents install opencode/);
    const rows = await listed(env);
    expect(rows.map((r) => [r.name, r.installed])).toEqual([['built-in', true], ['codex', false], ['claude', false], ['opencode', false]]);
    expect(rows.find((r) => r.name === 'codex')).toMatchObject({ version: codex.version, installCommand: 'codebay agents install codex' });
  });

  it('rejects unknown names, the built-in agent and bad usage with exit code 2 and the valid names', async () => {
    const unknown = await runCli(['agents', 'install', 'gemini'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no agent "gemini"; the agents to install are codex, claude, opencode');
    const builtIn = await runCli(['agents', 'install', 'built-in'], env);
    expect(builtIn.code).toBe(2);
    expect(builtIn.stderr).toContain('needs no install');
    const hostile = await runCli(['agents', 'install', 'x\u001b]0;owned\u0007'], env);
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).not.toContain('\u001b');
    expect((await runCli(['agents', 'install'], env)).code).toBe(2);
    expect((await runCli(['agents', 'install', 'codex', '--all'], env)).code).toBe(2);
    expect((await runCli(['agents', 'install', 'codex', '--cpu', 'riscv'], env)).stderr).toContain('--cpu must be x64 or arm64');
    expect((await runCli(['agents', 'frobnicate'], env)).code).toBe(2);
    expect(agentFolder(home, 'codex')).toEqual([]);
  });

  it('says npm is missing, and what to install, when npm is not on PATH', async () => {
    const emptyPath = tempDir('no-npm');
    const result = await runCli(['agents', 'install', 'codex', '--cpu', 'x64'], { ...env, PATH: emptyPath });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm was not found on PATH, and codex is installed with npm from the npm registry');
    expect(result.stderr).toContain('Install Node.js, which includes npm');
  });

  it('fails with npm\'s reason and what to do when the registry refuses connections, leaving nothing half installed', async () => {
    const port = await refusingPort();
    const failing = {
      ...env,
      npm_config_registry: `http://127.0.0.1:${port}/`,
      npm_config_fetch_retries: '0',
      // An empty cache, so npm cannot answer from what earlier installs fetched.
      npm_config_cache: tempDir('npm-cache'),
    };
    const result = await runCli(['agents', 'install', 'codex', '--cpu', 'x64'], failing);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`npm could not install @openai/codex@${codex.version} for codex (exit code 1); npm said:`);
    expect(result.stderr).toContain(`connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(result.stderr).toContain('or run `codebay agents install codex` to see npm\'s full output');
    expect(agentFolder(home, 'codex')).toEqual([]);
    expect(await installedAgent(home, 'codex')).toBeUndefined();
  }, INSTALL_TIMEOUT_MS);

  it('cancelling an install stops npm and its scripts and leaves nothing behind', async () => {
    const cancelHome = tempDir('cancel');
    const controller = new AbortController();
    const progress: string[] = [];
    const install = installAgent(cancelHome, 'codex', {
      cpu: 'x64',
      signal: controller.signal,
      onProgress: (line) => {
        progress.push(line);
        if (line.startsWith('npm install')) setTimeout(() => controller.abort(), 1_000);
      },
    });
    await expect(install).rejects.toBeInstanceOf(AgentInstallCancelled);
    await expect(install).rejects.toThrow('Installing codex was cancelled; its partial install was removed');
    expect(progress[0]).toBe(`npm install @openai/codex@${codex.version} for linux-x64`);
    expect(agentFolder(cancelHome, 'codex')).toEqual([]);
    await waitFor('npm to exit', () => !execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).includes(cancelHome), 5_000);
  }, INSTALL_TIMEOUT_MS);

  it('two concurrent installs of codex both succeed and leave one complete install, taking over a lock left by a dead process', async () => {
    const folder = path.join(home, 'agents', 'codex');
    mkdirSync(folder, { recursive: true });
    const gone = deadPid();
    writeFileSync(path.join(folder, '.install.lock'), JSON.stringify({ pid: gone, host: os.hostname(), token: 'left-by-a-crash' }));
    mkdirSync(path.join(folder, `.installing-${codex.version}-${gone}-AbC123`, 'node_modules'), { recursive: true });

    const [first, second] = await Promise.all([
      runCli(['agents', 'install', 'codex'], env, INSTALL_TIMEOUT_MS),
      runCli(['agents', 'install', 'codex'], env, INSTALL_TIMEOUT_MS),
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const finals = [first.stdout, second.stdout].sort();
    expect(finals[0]).toMatch(new RegExp(`^Installed codex ${codex.version} in \\d+\\.\\d s: .*agents/codex/${codex.version}\\n$`));
    expect(finals[1]).toMatch(new RegExp(`^codex ${codex.version} was already installed \\(\\d+\\.\\d s\\)`));
    expect(first.stderr + second.stderr).toMatch(/waiting for process \d+, which is installing codex/);
    expect(agentFolder(home, 'codex')).toEqual([codex.version]);

    const installed = await installedAgent(home, 'codex');
    expect(installed).toMatchObject({ version: codex.version, dir: path.join(home, 'agents', 'codex', codex.version), cpu: 'x64' });
    expect(installed?.executable).toBe(path.join(home, 'agents', 'codex', codex.version, codex.executable('x64')));
    expect(execFileSync(installed?.executable ?? '', ['--version'], { encoding: 'utf8' })).toContain(codex.version);

    const rows = await listed(env);
    expect(rows.find((r) => r.name === 'codex')).toMatchObject({ installed: true, dir: installed?.dir });
    expect((await runCli(['agents'], env)).stdout).toMatch(/codex\s+Codex CLI\s+0\.171\.0\s+installed in .*agents\/codex\/0\.171\.0/);
  }, INSTALL_TIMEOUT_MS);

  it('runs the installed codex in the sandbox image, read-only, as the sandbox user, with no network', async () => {
    const { docker, tag } = await requireSandboxImage();
    const versionFolder = path.join(home, 'agents', 'codex', codex.version);
    const alone = await runInSandbox(docker, tag, versionFolder, [`${SANDBOX_AGENTS_DIR}/${codex.executable('x64')}`, '--version']);
    expect(alone.output).toContain(`codex-cli ${codex.version}`);
    expect(alone.exitCode).toBe(0);
    const all = await runInSandbox(docker, tag, path.join(home, 'agents'), [`${SANDBOX_AGENTS_DIR}/codex/${codex.version}/${codex.executable('x64')}`, '--version']);
    expect(all.output).toContain(`codex-cli ${codex.version}`);
    expect(all.exitCode).toBe(0);
  });

  it('installs claude and opencode with --all, as their platform packages\' native binaries', async () => {
    const result = await runCli(['agents', 'install', '--all'], env, INSTALL_TIMEOUT_MS);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^codex \S+ was already installed/m);
    expect(result.stdout).toMatch(/^Installed claude \S+ in \d+\.\d s/m);
    expect(result.stdout).toMatch(/^Installed opencode \S+ in \d+\.\d s/m);
    const { docker, tag } = await requireSandboxImage();
    for (const agent of ['claude', 'opencode'] as const) {
      const installed = await installedAgent(home, agent);
      expect(installed?.version).toBe(CLI_PACKAGES[agent].version);
      expect(execFileSync(installed?.executable ?? '', ['--version'], { encoding: 'utf8' })).toContain(CLI_PACKAGES[agent].version);
      const inSandbox = await runInSandbox(docker, tag, installed?.dir ?? '', [`${SANDBOX_AGENTS_DIR}/${CLI_PACKAGES[agent].executable('x64')}`, '--version']);
      expect(inSandbox.output).toContain(CLI_PACKAGES[agent].version);
      expect(inSandbox.exitCode).toBe(0);
    }
    expect((await listed(env)).every((r) => r.installed)).toBe(true);
  }, INSTALL_TIMEOUT_MS);

  it('installs for the sandbox\'s CPU when it is not the host\'s, needing no install script', async () => {
    const foreign = tempDir('foreign-cpu');
    const result = await runCli(['agents', 'install', 'claude', '--cpu', 'arm64'], {
      CODEBAY_HOME: foreign,
      // The packages' install scripts pick the host's platform; Codebay must not depend on them.
      npm_config_ignore_scripts: 'true',
    }, INSTALL_TIMEOUT_MS);
    expect(result.code, result.stderr).toBe(0);
    const installed = await installedAgent(foreign, 'claude');
    expect(installed).toMatchObject({ cpu: 'arm64', executable: path.join(foreign, 'agents', 'claude', CLI_PACKAGES.claude.version, CLI_PACKAGES.claude.executable('arm64')) });
    // An ELF binary for aarch64 (e_machine 183), which this x86_64 host cannot run but an arm64 engine can.
    const head = readFileSync(installed?.executable ?? '').subarray(0, 20);
    expect(head.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(head.readUInt16LE(18)).toBe(183);

    // opencode publishes no linux-arm64 package for this version: the failure says so, and leaves nothing.
    const missing = await runCli(['agents', 'install', 'opencode', '--cpu', 'arm64'], { CODEBAY_HOME: foreign }, INSTALL_TIMEOUT_MS);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/opencode-linux-arm64\/bin\/opencode is missing: npm did not install the package that holds it for linux-arm64/);
    expect(agentFolder(foreign, 'opencode')).toEqual([]);
  }, INSTALL_TIMEOUT_MS);

  it('doctor lists each backend with its version, passing', async () => {
    const installedHome = await runCli(['doctor', '--json'], { ...env, OPENAI_BASE_URL: '', OPENAI_API_KEY: '', CODEBAY_MODEL: '' });
    const report = JSON.parse(installedHome.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string }> };
    const agents = report.checks.find((c) => c.name === 'agents');
    expect(agents?.ok).toBe(true);
    expect(agents?.detail).toBe(
      `built-in; codex ${codex.version} installed; claude ${CLI_PACKAGES.claude.version} installed; opencode ${CLI_PACKAGES.opencode.version} installed`,
    );
    const empty = await runCli(['doctor', '--json'], { CODEBAY_HOME: tempDir('doctor'), OPENAI_BASE_URL: '', OPENAI_API_KEY: '', CODEBAY_MODEL: '' });
    const missing = (JSON.parse(empty.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string }> }).checks.find((c) => c.name === 'agents');
    expect(missing?.ok).toBe(true);
    expect(missing?.detail).toContain('claude not installed (codebay agents install claude)');
  });
});
