import { spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { waitFor } from './waitFor.js';

/** The dockerd process of this machine, as it was started, so a test can stop it and start it the same way. */
export interface LocalDockerd {
  pid: number;
  argv: string[];
  /** Where its output went (its stdout), so the restarted daemon logs to the same place. */
  logPath: string | undefined;
}

/**
 * Restarting dockerd stops every container on it, so the test that does runs only when asked:
 * CI sets this, on a machine of its own. Asked but impossible is a failure, not a skip.
 */
export const DOCKER_RESTART_ALLOWED = process.env.CODEBAY_TEST_DOCKER_RESTART === '1';

/** The local dockerd, when this process may restart it (root, same machine); otherwise why not. */
export function findLocalDockerd(): LocalDockerd | string {
  if (process.getuid?.() !== 0) return 'restarting dockerd needs root';
  const host = process.env.DOCKER_HOST;
  if (host && host !== 'unix:///var/run/docker.sock') return `DOCKER_HOST is ${host}, not this machine's daemon`;
  const pids = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => isLiveDockerd(pid));
  if (pids.length !== 1) return `expected one local dockerd process, found ${pids.length}`;
  const [pid] = pids as [number];
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((part) => part !== '');
  let logPath: string | undefined;
  try {
    const target = readlinkSync(`/proc/${pid}/fd/1`);
    if (target.startsWith('/') && existsSync(target)) logPath = target;
  } catch {
    logPath = undefined;
  }
  return { pid, argv, logPath };
}

/** A running process of that name; a zombie (killed, not yet reaped) does not count. */
function isLive(pid: number, name: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return stat.startsWith(`${pid} (${name})`) && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function isLiveDockerd(pid: number): boolean {
  return isLive(pid, 'dockerd');
}

/** The containerd a dockerd started for itself, if it manages its own. */
function managedContainerd(daemonPid: number): number | undefined {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .find((pid) => isLive(pid, 'containerd') && /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] === String(daemonPid));
}

function optionValue(argv: readonly string[], names: readonly string[]): string | undefined {
  for (const [index, arg] of argv.entries()) {
    for (const name of names) {
      if (arg === name) return argv[index + 1];
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
    }
  }
  return undefined;
}

/**
 * After a crash the pid files of dockerd and its containerd name processes that are gone (or
 * zombies nobody reaped yet), and dockerd would refuse to start or wait for the dead containerd.
 */
function removeStalePidFiles(daemon: LocalDockerd): void {
  const execRoot = optionValue(daemon.argv, ['--exec-root']) ?? '/var/run/docker';
  const files: Array<[string, string]> = [
    [optionValue(daemon.argv, ['--pidfile', '-p']) ?? '/var/run/docker.pid', 'dockerd'],
    [path.join(execRoot, 'containerd', 'containerd.pid'), 'containerd'],
  ];
  for (const [file, name] of files) {
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (!isLive(pid, name)) rmSync(file, { force: true });
  }
}

/** Stops the daemon, cleanly (SIGTERM, as a service manager does) or as a crash would (SIGKILL), and waits until it has exited. */
export async function stopDockerd(daemon: LocalDockerd, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  // A crashed service goes down whole (a service manager kills what is left in its group): the daemon and the containerd it runs.
  const containerd = signal === 'SIGKILL' ? managedContainerd(daemon.pid) : undefined;
  process.kill(daemon.pid, signal);
  if (containerd !== undefined) process.kill(containerd, signal);
  await waitFor('dockerd to exit', () => !isLiveDockerd(daemon.pid) && (containerd === undefined || !isLive(containerd, 'containerd')), 60_000);
}

/** Starts the daemon again with the same arguments, detached, and waits until it answers. */
export async function startDockerd(daemon: LocalDockerd, docker: Docker): Promise<void> {
  // A service manager may have started it again already.
  if (typeof findLocalDockerd() === 'string') {
    removeStalePidFiles(daemon);
    const out = daemon.logPath ? openSync(daemon.logPath, 'a') : 'ignore';
    const child = spawn(daemon.argv[0] ?? 'dockerd', daemon.argv.slice(1), { detached: true, stdio: ['ignore', out, out] });
    child.unref();
  }
  await waitFor('dockerd to answer', () => docker.ping().then(() => true, () => false), 60_000);
}
