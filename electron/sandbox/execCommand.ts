import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { errorText } from '../errors.js';
import { WORKSPACE_DIR } from './containerConfig.js';
import { OutputDecoder, type OutputStream } from './outputDecoder.js';
import { ACCOUNTS, execUser } from './users.js';
import type { SandboxUser } from './users.js';

export type { OutputStream } from './outputDecoder.js';

export interface ExecOptions {
  cwd?: string;
  user?: SandboxUser;
  env?: Record<string, string>;
  /** Kill the command's whole process tree after this long; no limit when omitted. */
  timeoutMs?: number;
  /** Receives output as it arrives; nothing is kept in memory here. */
  onOutput?: (stream: OutputStream, text: string) => void;
  signal?: AbortSignal;
}

export interface ExecResult {
  /** Null when the command was killed before Docker could report an exit code. */
  exitCode: number | null;
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
}

/**
 * Every process a command starts inherits this variable, so the kill sweep finds them
 * all, including ones that left the process group with setsid or double forks.
 */
export const EXEC_MARKER = 'CODEBAY_EXEC_ID';

/** How long a killed command's output stream may linger (a process that cleared its env). */
const KILL_GRACE_MS = 3_000;
const EXIT_CODE_WAIT_MS = 2_000;

/**
 * Kills every process carrying the marker and the process group of each. Runs as the
 * command's own user: reading another user's /proc/<pid>/environ needs CAP_SYS_PTRACE,
 * which sandboxes do not have, while killing one's own processes needs nothing.
 * docker exec starts each command as a session and group leader, so the group is
 * exactly the command's tree; groups 0 and 1 (outside the namespace, docker-init) are
 * never signalled.
 */
const KILL_TREE_SCRIPT = `
marker="${EXEC_MARKER}=$1"
for dir in /proc/[0-9]*; do
  grep -qxzF "$marker" "$dir/environ" 2>/dev/null || continue
  pid=\${dir#/proc/}
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')
  if [ -n "$pgid" ] && [ "$pgid" -gt 1 ]; then kill -KILL -- "-$pgid" 2>/dev/null; fi
  kill -KILL "$pid" 2>/dev/null
done
exit 0
`;

/** A command's environment on top of the image's: the user's HOME and USER, then the caller's variables. */
export function commandEnv(user: SandboxUser, env: Record<string, string> | undefined): Record<string, string> {
  const account = ACCOUNTS[user];
  const merged: Record<string, string> = { HOME: account.home, USER: account.name, ...env };
  for (const key of Object.keys(merged)) {
    if (!key || key.includes('=') || key.includes('\0')) {
      throw new Error(`Environment variable name "${key}" is invalid: names may not be empty or contain '=' or NUL`);
    }
  }
  return merged;
}

/** Variables in the `KEY=value` form of a docker exec's Env. */
export function dockerEnv(variables: Record<string, string>): string[] {
  return Object.entries(variables).map(([key, value]) => `${key}=${value}`);
}

/** A Writable over an OutputDecoder, for Docker's demultiplexer. */
class TextSink extends Writable {
  readonly decoder: OutputDecoder;

  constructor(stream: OutputStream, onOutput: ExecOptions['onOutput']) {
    super();
    this.decoder = new OutputDecoder(stream, onOutput);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // A failing listener must not break the demuxer; the caller gets its error at the end.
    this.decoder.write(chunk);
    callback();
  }
}

async function killTree(container: Docker.Container, user: SandboxUser, marker: string): Promise<void> {
  const exec = await container.exec({
    Cmd: ['sh', '-c', KILL_TREE_SCRIPT, 'codebay-kill', marker],
    User: execUser(user),
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  stream.resume();
  await streamEnded(stream);
}

function streamEnded(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  const deadline = Date.now() + EXIT_CODE_WAIT_MS;
  for (;;) {
    const info = await exec.inspect();
    // The stream can end a moment before Docker records the exit.
    if (!info.Running || Date.now() > deadline) return info.Running ? null : info.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs one command as one docker exec, streaming its output, with timeout and cancellation. */
export async function runExec(
  docker: Docker,
  container: Docker.Container,
  command: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  if (command.length === 0) throw new Error('Cannot run an empty command in a sandbox: give at least the program name');
  const user = options.user ?? 'agent';
  const started = performance.now();
  if (options.signal?.aborted) return { exitCode: null, durationMs: 0, timedOut: false, cancelled: true };

  const marker = randomUUID();
  let exec: Docker.Exec;
  let stream: Duplex;
  try {
    exec = await container.exec({
      Cmd: [...command],
      User: execUser(user),
      WorkingDir: options.cwd ?? WORKSPACE_DIR,
      Env: dockerEnv({ ...commandEnv(user, options.env), [EXEC_MARKER]: marker }),
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    stream = await exec.start({ hijack: true, stdin: false });
  } catch (error) {
    throw new Error(`Could not start \`${command.join(' ')}\` in sandbox ${container.id.slice(0, 12)}: ${errorText(error)}. Check that the sandbox is still running`, { cause: error });
  }

  const stdout = new TextSink('stdout', options.onOutput);
  const stderr = new TextSink('stderr', options.onOutput);
  docker.modem.demuxStream(stream, stdout, stderr);
  const ended = streamEnded(stream);

  let stopReason: 'timeout' | 'cancel' | undefined;
  let killing: Promise<void> | undefined;
  let killError: unknown;
  let graceTimer: NodeJS.Timeout | undefined;
  const stop = (reason: 'timeout' | 'cancel'): void => {
    if (stopReason) return;
    stopReason = reason;
    killing = killTree(container, user, marker).catch((error: unknown) => {
      killError = error;
    });
    graceTimer = setTimeout(() => stream.destroy(), KILL_GRACE_MS);
  };
  const timeoutTimer = options.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;
  const onAbort = (): void => stop('cancel');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  try {
    await ended;
  } finally {
    clearTimeout(timeoutTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  await killing;
  clearTimeout(graceTimer);
  stdout.decoder.flush();
  stderr.decoder.flush();
  if (killError !== undefined) {
    throw new Error(`Could not kill \`${command.join(' ')}\` after it was ${stopReason === 'timeout' ? 'timed out' : 'cancelled'}: ${errorText(killError)}. The sandbox may be out of processes; remove it`, { cause: killError });
  }
  const durationMs = Math.round(performance.now() - started);
  const listenerError = stdout.decoder.listenerError ?? stderr.decoder.listenerError;
  if (listenerError !== undefined) throw listenerError;
  return {
    exitCode: await exitCodeOf(exec),
    durationMs,
    timedOut: stopReason === 'timeout',
    cancelled: stopReason === 'cancel',
  };
}
