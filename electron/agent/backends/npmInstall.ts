import { spawn } from 'node:child_process';
import { constants, statSync, accessSync } from 'node:fs';
import path from 'node:path';
import type { NpmCpu } from './architecture.js';

export interface NpmInstallRequest {
  npm: string;
  /** The folder npm installs into (node_modules/ lands inside it). */
  prefix: string;
  /** package@version */
  spec: string;
  cpu: NpmCpu;
  onLine: (line: string) => void;
  signal?: AbortSignal;
}

export interface NpmInstallOutcome {
  exitCode: number | null;
  /** npm's last lines, for the error message. */
  tail: string[];
}

const TAIL_LINES = 40;
const KILL_GRACE_MS = 3_000;

/** npm's executable on PATH, or undefined: the user's own npm runs, with the user's config. */
export function findNpm(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const windows = process.platform === 'win32';
  const names = windows ? (env.PATHEXT ?? '.CMD;.EXE').split(';').map((ext) => `npm${ext.toLowerCase()}`) : ['npm'];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // Not in this folder; try the next.
      }
    }
  }
  return undefined;
}

/** The arguments that make an install for the sandbox (Linux, glibc, its CPU), leaving registry, proxy and auth to the user's config. */
export function npmInstallArgs(prefix: string, spec: string, cpu: NpmCpu): string[] {
  return [
    'install',
    '--prefix', prefix,
    '--no-save', '--no-package-lock', '--no-audit', '--no-fund',
    '--os=linux', `--cpu=${cpu}`, '--libc=glibc',
    // The native binary comes as an optional dependency; a user config omitting those would leave a launcher with nothing to launch.
    '--include=optional',
    // Install scripts' output then reaches the progress lines and the error message.
    '--foreground-scripts',
    spec,
  ];
}

/** A .cmd on Windows runs only through the shell, which needs the arguments quoted. */
function quotedForShell(arg: string): string {
  return /^[\w@./:=-]+$/.test(arg) ? arg : `"${arg}"`;
}

/** Runs `npm install`; resolves with its exit code when it ends, and kills it (and its scripts) on abort. */
export function runNpmInstall(request: NpmInstallRequest): Promise<NpmInstallOutcome> {
  const args = npmInstallArgs(request.prefix, request.spec, request.cpu);
  const windows = process.platform === 'win32';
  return new Promise((resolve, reject) => {
    const child = spawn(request.npm, windows ? args.map(quotedForShell) : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a cancel also stops the install scripts npm started.
      detached: !windows,
      shell: windows,
      windowsHide: true,
    });
    const tail: string[] = [];
    const partial = { stdout: '', stderr: '' };
    const emit = (line: string): void => {
      if (!line.trim()) return;
      request.onLine(line);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    };
    const take = (stream: 'stdout' | 'stderr', chunk: Buffer): void => {
      const lines = (partial[stream] + chunk.toString('utf8')).split(/\r?\n/);
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) emit(line);
    };
    child.stdout.on('data', (chunk: Buffer) => take('stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => take('stderr', chunk));

    let killTimer: NodeJS.Timeout | undefined;
    const kill = (signal: NodeJS.Signals): void => {
      try {
        if (!windows && child.pid) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    const onAbort = (): void => {
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) onAbort();

    child.on('error', (error) => {
      request.signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      request.signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      emit(partial.stdout);
      emit(partial.stderr);
      // npm may have left install scripts running in its group after it exited on a signal.
      if (request.signal?.aborted) kill('SIGKILL');
      resolve({ exitCode, tail });
    });
  });
}
