import { constants } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isNpmCpu, type NpmCpu } from './architecture.js';
import { CLI_PACKAGES, type CliBackendName } from './catalog.js';

/*
 * <dataDir>/agents/<name>/
 *   <version>/                    one complete install, relocatable (mounted read-only in sandboxes)
 *     node_modules/…              the catalog's executable (for the marker's CPU) is relative to this folder
 *     .codebay-installed.json     written last, before the folder is renamed into place
 *   .install.lock                 held while one process installs this agent
 *   .installing-<version>-<pid>-… npm's work in progress, renamed to <version>/ when complete
 *   .trash-…                      a replaced or old version, being deleted
 */

export const INSTALLED_MARKER = '.codebay-installed.json';
export const STAGING_PREFIX = '.installing-';
export const TRASH_PREFIX = '.trash-';

export function agentsDir(dataDir: string): string {
  return path.join(dataDir, 'agents');
}

export function agentDir(dataDir: string, name: CliBackendName): string {
  return path.join(agentsDir(dataDir), name);
}

export function versionDir(dataDir: string, name: CliBackendName): string {
  return path.join(agentDir(dataDir, name), CLI_PACKAGES[name].version);
}

export function installLockFile(dataDir: string, name: CliBackendName): string {
  return path.join(agentDir(dataDir, name), '.install.lock');
}

export interface InstalledMarker {
  name: CliBackendName;
  npmPackage: string;
  version: string;
  cpu: NpmCpu;
  executable: string;
  installedAt: string;
}

export interface InstalledAgent {
  version: string;
  /** The install folder on the host: the one to mount. */
  dir: string;
  /** The executable's absolute path on the host. */
  executable: string;
  /** The CPU it was installed for. */
  cpu: NpmCpu;
}

export async function writeInstalledMarker(dir: string, marker: InstalledMarker): Promise<void> {
  await writeFile(path.join(dir, INSTALLED_MARKER), `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o644 });
}

async function readMarker(dir: string): Promise<Partial<InstalledMarker> | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, INSTALLED_MARKER), 'utf8')) as Partial<InstalledMarker>;
  } catch {
    // Missing or unreadable: the folder is not a complete install.
    return undefined;
  }
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The install of `dir` if its marker says it is a complete install of the pinned version, else undefined. */
export async function completeInstallIn(dir: string, name: CliBackendName): Promise<InstalledAgent | undefined> {
  const pkg = CLI_PACKAGES[name];
  const marker = await readMarker(dir);
  if (!marker || marker.name !== name || marker.npmPackage !== pkg.npmPackage || marker.version !== pkg.version) return undefined;
  if (typeof marker.cpu !== 'string' || !isNpmCpu(marker.cpu)) return undefined;
  if (typeof marker.executable !== 'string' || marker.executable !== pkg.executable(marker.cpu)) return undefined;
  const executable = path.join(dir, marker.executable);
  if (!(await isExecutable(executable))) return undefined;
  return { version: pkg.version, dir, executable, cpu: marker.cpu };
}

/** The pinned version of an agent CLI, if it is installed and complete. */
export function installedAgent(dataDir: string, name: CliBackendName): Promise<InstalledAgent | undefined> {
  return completeInstallIn(versionDir(dataDir, name), name);
}
