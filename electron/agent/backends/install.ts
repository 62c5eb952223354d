import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ActionableError, errorText } from '../../errors.js';
import type { NpmCpu } from './architecture.js';
import { CLI_PACKAGES, type CliBackendName } from './catalog.js';
import { acquireInstallLock, isProcessAlive } from './installLock.js';
import {
  agentDir,
  completeInstallIn,
  installedAgent,
  installLockFile,
  STAGING_PREFIX,
  TRASH_PREFIX,
  versionDir,
  writeInstalledMarker,
} from './installLayout.js';
import { checkExecutable, prepareForSandbox } from './installTree.js';
import { findNpm, runNpmInstall, type NpmInstallOutcome } from './npmInstall.js';

export { installedAgent, type InstalledAgent } from './installLayout.js';
export { sandboxArchitecture, type NpmCpu } from './architecture.js';

export interface InstallAgentOptions {
  /** The sandbox's CPU (see sandboxArchitecture), not necessarily the host's. */
  cpu: NpmCpu;
  /** npm's output and Codebay's own steps, one line at a time. */
  onProgress?: (line: string) => void;
  /** Stops npm and removes the partial install. */
  signal?: AbortSignal;
}

export interface AgentInstallResult {
  dir: string;
  durationMs: number;
  /** `present`: already installed, by an earlier run or by a concurrent one that finished first. */
  outcome: 'installed' | 'present';
}

export class AgentInstallCancelled extends Error {
  constructor(agent: CliBackendName, options?: { cause?: unknown }) {
    super(`Installing ${agent} was cancelled; its partial install was removed`, options);
    this.name = 'AgentInstallCancelled';
  }
}

/** npm's failure: what failed, npm's own last words, then what to do. */
export class AgentInstallFailed extends ActionableError {
  constructor(what: string, npmLines: string[], fix: string) {
    super(what, fix);
    this.name = 'AgentInstallFailed';
    this.message = [`${what}; npm said:`, ...npmLines.map((line) => `  ${line}`), fix].join('\n');
  }
}

// npm's error report ends with a stack trace and a dump of the error object; the lines a person reads are the others.
const NPM_DETAIL = /^npm (error|ERR!)(\s{2,}|\s*[{}]?\s*$)/;

function npmSummary(tail: string[]): string[] {
  const readable = tail.filter((line) => !NPM_DETAIL.test(line));
  const lines = (readable.length > 0 ? readable : tail).slice(-8);
  return lines.length > 0 ? lines : ['(nothing)'];
}

function npmFailure(agent: CliBackendName, spec: string, outcome: NpmInstallOutcome): AgentInstallFailed {
  const how = outcome.exitCode === null ? 'npm was killed' : `exit code ${outcome.exitCode}`;
  return new AgentInstallFailed(
    `npm could not install ${spec} for ${agent} (${how})`,
    npmSummary(outcome.tail),
    `Check that the npm registry in your npm config is reachable (and its proxy, if you use one), or run \`codebay agents install ${agent}\` to see npm's full output`,
  );
}

/** Moves a folder out of the way at once (nothing sees it half deleted), then deletes it. */
async function discard(dir: string, parent: string): Promise<void> {
  const trash = path.join(parent, `${TRASH_PREFIX}${path.basename(dir)}-${process.pid}-${Date.now()}`);
  try {
    await rename(dir, trash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(trash, { recursive: true, force: true });
}

/** Work folders of installs whose process is gone, and trash a crash left behind. */
async function removeLeftovers(parent: string): Promise<void> {
  for (const entry of await readdir(parent)) {
    const stagingPid = entry.startsWith(STAGING_PREFIX) ? /-(\d+)-[A-Za-z0-9]{6}$/.exec(entry)?.[1] : undefined;
    const abandoned = entry.startsWith(TRASH_PREFIX) || (stagingPid !== undefined && !isProcessAlive(Number(stagingPid)));
    if (abandoned) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

/** Versions other than the pinned one, removed once the pinned one is in place. */
async function removeOtherVersions(parent: string, keep: string): Promise<void> {
  for (const entry of await readdir(parent, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== keep) await discard(path.join(parent, entry.name), parent);
  }
}

/**
 * Renames the finished install into place. When a concurrent install finished first, its
 * install is as good as this one and is kept; an incomplete folder in the way is replaced.
 */
async function moveIntoPlace(staging: string, target: string, agent: CliBackendName, cpu: NpmCpu): Promise<void> {
  try {
    await rename(staging, target);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
  }
  const existing = await completeInstallIn(target, agent);
  if (existing?.cpu === cpu) return;
  await discard(target, path.dirname(target));
  await rename(staging, target);
}

async function installWhileLocked(dataDir: string, agent: CliBackendName, npm: string, options: InstallAgentOptions): Promise<string> {
  const pkg = CLI_PACKAGES[agent];
  const spec = `${pkg.npmPackage}@${pkg.version}`;
  const progress = options.onProgress ?? (() => undefined);
  const parent = agentDir(dataDir, agent);
  await removeLeftovers(parent);
  const staging = await mkdtemp(path.join(parent, `${STAGING_PREFIX}${pkg.version}-${process.pid}-`));
  try {
    progress(`npm install ${spec} for linux-${options.cpu}`);
    let outcome: NpmInstallOutcome;
    try {
      outcome = await runNpmInstall({ npm, prefix: staging, spec, cpu: options.cpu, onLine: progress, signal: options.signal });
    } catch (error) {
      throw new ActionableError(`Could not start npm (${npm}) to install ${agent}: ${errorText(error)}`, 'Check that `npm --version` works in the shell that starts Codebay');
    }
    options.signal?.throwIfAborted();
    if (outcome.exitCode !== 0) throw npmFailure(agent, spec, outcome);
    try {
      await prepareForSandbox(staging);
    } catch (error) {
      throw new ActionableError(`${spec} cannot be used read-only from the sandbox: ${errorText(error)}`, 'Report this as a Codebay bug, with the package and version');
    }
    await checkExecutable(path.join(staging, pkg.executable(options.cpu)), options.cpu, agent);
    await writeInstalledMarker(staging, {
      name: agent,
      npmPackage: pkg.npmPackage,
      version: pkg.version,
      cpu: options.cpu,
      executable: pkg.executable(options.cpu),
      installedAt: new Date().toISOString(),
    });
    const target = versionDir(dataDir, agent);
    await moveIntoPlace(staging, target, agent, options.cpu);
    progress(`installed in ${target}`);
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Installs an agent CLI's pinned version from the npm registry for the sandbox's platform,
 * into <dataDir>/agents/<name>/<version>/, unless it is there already. Other versions of the
 * same agent are removed once the new one is in place.
 */
export async function installAgent(dataDir: string, agent: CliBackendName, options: InstallAgentOptions): Promise<AgentInstallResult> {
  const started = Date.now();
  const result = (dir: string, outcome: AgentInstallResult['outcome']): AgentInstallResult => ({ dir, durationMs: Date.now() - started, outcome });
  try {
    options.signal?.throwIfAborted();
    const present = await installedAgent(dataDir, agent);
    if (present?.cpu === options.cpu) return result(present.dir, 'present');
    const npm = findNpm();
    if (!npm) {
      throw new ActionableError(
        `npm was not found on PATH, and ${agent} is installed with npm from the npm registry`,
        'Install Node.js, which includes npm (https://nodejs.org or your package manager), and check that `npm --version` works in the shell that starts Codebay',
      );
    }
    await mkdir(agentDir(dataDir, agent), { recursive: true });
    const lock = await acquireInstallLock(installLockFile(dataDir, agent), {
      signal: options.signal,
      onWait: (holder) => options.onProgress?.(`waiting for ${holder}, which is installing ${agent}`),
    });
    try {
      const finished = await installedAgent(dataDir, agent);
      if (finished?.cpu === options.cpu) return result(finished.dir, 'present');
      const dir = await installWhileLocked(dataDir, agent, npm, options);
      await removeOtherVersions(agentDir(dataDir, agent), CLI_PACKAGES[agent].version);
      return result(dir, 'installed');
    } finally {
      await lock.release();
    }
  } catch (error) {
    if (options.signal?.aborted) throw new AgentInstallCancelled(agent, { cause: error });
    throw error;
  }
}
