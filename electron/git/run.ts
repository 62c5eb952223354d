import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActionableError } from '../errors.js';

/**
 * Which git configuration a command may see. `host` commands act on the user's
 * repository, so their config (identity, excludes, credentials, safe.directory)
 * applies, except what would run a program as a side effect of reading it (a
 * file-system monitor, hooks). `push` is the user's own push and gets all of it,
 * hooks and ssh command included. `app` commands only touch Codebay's own
 * repositories and must behave the same on every machine.
 */
export type GitScope = 'host' | 'push' | 'app';

/** Config that would have git run a program while Codebay only reads or copies the user's repository. */
const HOST_OVERRIDES: ReadonlyArray<readonly [string, string]> = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', os.devNull],
];

export interface GitOptions {
  /** Working directory; repository discovery starts here unless gitDir is given. */
  cwd?: string;
  /** Run against this repository directly (GIT_DIR), with no discovery. */
  gitDir?: string;
  scope?: GitScope;
  env?: Record<string, string>;
  input?: string | Buffer;
  /** Exit codes that count as answers rather than failures (e.g. 1 for "no match"). */
  okExitCodes?: readonly number[];
  /** stdout beyond this many bytes aborts the command rather than exhausting memory. */
  maxBytes?: number;
  timeoutMs?: number;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
const STDERR_KEEP = 64 * 1024;

// Variables that point git at a repository, index or object store, as listed by
// `git rev-parse --local-env-vars`; inherited ones would redirect our commands
// into whatever repository launched Codebay.
const REPOSITORY_VARIABLES = [
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_OBJECT_DIRECTORY',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_GRAFT_FILE',
  'GIT_INDEX_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_REPLACE_REF_BASE',
  'GIT_PREFIX',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_SHALLOW_FILE',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_QUARANTINE_PATH',
];

export function gitEnv(scope: GitScope, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !REPOSITORY_VARIABLES.includes(name) && !/^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(name),
  );
  const env: NodeJS.ProcessEnv = Object.fromEntries(inherited);
  env.LC_ALL = 'C';
  env.GIT_TERMINAL_PROMPT = '0';
  // Stops read-only commands such as status from refreshing the user's index.
  env.GIT_OPTIONAL_LOCKS = '0';
  if (scope === 'app') {
    env.GIT_CONFIG_NOSYSTEM = '1';
    env.GIT_CONFIG_GLOBAL = os.devNull;
  }
  if (scope === 'host') {
    // Config from the environment wins over every file, the repository's own included.
    env.GIT_CONFIG_COUNT = String(HOST_OVERRIDES.length);
    HOST_OVERRIDES.forEach(([key, value], index) => {
      env[`GIT_CONFIG_KEY_${index}`] = key;
      env[`GIT_CONFIG_VALUE_${index}`] = value;
    });
  }
  return { ...env, ...extra };
}

export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
    readonly where: string,
  ) {
    super(`git ${describeArgs(args)} failed with exit code ${exitCode} in ${where}: ${lastLines(stderr) || 'no message'}`);
    this.name = 'GitCommandError';
  }
}

function describeArgs(args: readonly string[]): string {
  const text = args.map((arg) => (/[\s"']/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${bytes} bytes`;
}

function lastLines(text: string, count = 6): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}

/** Runs git with an argument array (never a shell) and collects its output. */
export function runGit(args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const extra: Record<string, string> = { ...options.env };
  if (options.gitDir) extra.GIT_DIR = path.resolve(options.gitDir);
  const env = gitEnv(options.scope ?? 'app', extra);
  const where = options.gitDir ?? options.cwd ?? process.cwd();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const okExitCodes = options.okExitCodes ?? [];

  return new Promise<GitResult>((resolve, reject) => {
    // A command with a deadline gets its own process group so that a timeout also
    // stops what git started (ssh, credential helpers), which would otherwise
    // hold the output pipes open.
    const ownGroup = options.timeoutMs !== undefined && process.platform !== 'win32';
    const child = spawn('git', args, {
      cwd: options.cwd ?? options.gitDir,
      env,
      stdio: 'pipe',
      windowsHide: true,
      detached: ownGroup,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: Error | undefined;
    let timer: NodeJS.Timeout | undefined;

    const abort = (error: Error): void => {
      if (failure) return;
      failure = error;
      clearTimeout(timer);
      if (ownGroup && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      } else {
        child.kill('SIGKILL');
      }
      child.stdout.destroy();
      child.stderr.destroy();
      reject(error);
    };
    if (options.timeoutMs !== undefined) {
      const timeoutMs = options.timeoutMs;
      timer = setTimeout(
        () => abort(new Error(`git ${describeArgs(args)} in ${where} did not finish within ${timeoutMs / 1000} s and was stopped`)),
        timeoutMs,
      );
    }
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        abort(new Error(`git ${describeArgs(args)} in ${where} produced more than ${describeSize(maxBytes)} of output and was stopped`));
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.length > STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const cwd = options.cwd ?? options.gitDir;
      if (error.code === 'ENOENT' && cwd !== undefined && !existsSync(cwd)) {
        reject(new ActionableError(`The folder ${cwd} does not exist`, 'Check that the repository was not moved or deleted', { cause: error }));
      } else if (error.code === 'ENOENT') {
        reject(new ActionableError('git was not found on the PATH', 'Install git 2.32 or newer and restart Codebay', { cause: error }));
      } else {
        reject(error);
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return;
      const exitCode = code ?? (signal ? 128 : 1);
      if (exitCode !== 0 && !okExitCodes.includes(exitCode)) {
        return reject(new GitCommandError(args, exitCode, stderr, where));
      }
      resolve({ stdout: Buffer.concat(chunks), stderr, exitCode });
    });
    child.stdin.on('error', () => {
      // git may exit before reading all input; its exit status tells the story.
    });
    child.stdin.end(options.input);
  });
}

/** Runs git and returns stdout as text without its final newline. */
export async function git(args: readonly string[], options: GitOptions = {}): Promise<string> {
  const { stdout } = await runGit(args, options);
  return stdout.toString('utf8').replace(/\n$/, '');
}
