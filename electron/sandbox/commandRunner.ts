import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { errorText } from '../errors.js';
import { COMMAND_RUNNER_SCRIPT } from './commandRunnerScript.js';
import { WORKSPACE_DIR } from './containerConfig.js';
import { commandEnv, dockerEnv, EXEC_MARKER, type ExecOptions, type ExecResult } from './execCommand.js';
import { OutputDecoder } from './outputDecoder.js';
import { RunnerFrameReader, type RunnerFrame } from './runnerFrames.js';
import { ACCOUNTS, execUser } from './users.js';

const READY_TIMEOUT_MS = 15_000;
/** The runner gives a killed command 3 s to let go of its output; this waits a little longer for its word. */
const FINISH_WAIT_AFTER_KILL_MS = 6_000;
const STDERR_TAIL_CHARS = 2_000;
const SCRIPT_VARIABLE = 'CODEBAY_COMMAND_RUNNER';

interface RunningCommand {
  stdout: OutputDecoder;
  stderr: OutputDecoder;
  finish: (exitCode: number | null) => void;
  fail: (error: Error) => void;
}

/**
 * The engine's end of the command runner inside one sandbox (commandRunnerScript.ts): the
 * agent's commands as forks of a process already running there, instead of a docker exec each.
 */
export class CommandRunner {
  private nextId = 1;
  private readonly running = new Map<number, RunningCommand>();
  private readonly reader = new RunnerFrameReader(
    (frame) => this.onFrame(frame),
    (reason) => this.breakDown(reason),
  );
  private stderrTail = '';
  private ended = false;
  private markReady: (() => void) | undefined;
  private failStart: ((error: Error) => void) | undefined;

  private constructor(
    private readonly stream: Duplex,
    private readonly onEnd: () => void,
    private readonly label: string,
  ) {}

  /** Starts the runner (as root; its commands run as the agent) and waits until it says it is ready. */
  static async start(docker: Docker, container: Docker.Container, onEnd: () => void): Promise<CommandRunner> {
    const { uid, gid } = ACCOUNTS.agent;
    const exec = await container.exec({
      // The script travels in a variable the runner removes, so `ps` in the sandbox shows a short line and commands do not inherit it.
      Cmd: ['python3', '-c', `import os; exec(os.environ.pop('${SCRIPT_VARIABLE}'))`, EXEC_MARKER, String(uid), String(gid)],
      User: execUser('root'),
      WorkingDir: '/',
      Env: dockerEnv({ ...commandEnv('agent', undefined), [SCRIPT_VARIABLE]: COMMAND_RUNNER_SCRIPT }),
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = await exec.start({ hijack: true, stdin: true });
    const runner = new CommandRunner(stream, onEnd, container.id.slice(0, 12));
    const ready = new Promise<void>((resolve, reject) => {
      runner.markReady = resolve;
      runner.failStart = reject;
    });
    docker.modem.demuxStream(stream, runner.sink((chunk) => runner.reader.push(chunk)), runner.sink((chunk) => runner.keepStderr(chunk)));
    stream.once('end', () => runner.end());
    stream.once('close', () => runner.end());
    stream.once('error', () => runner.end());
    const timer = setTimeout(() => runner.failStart?.(new Error(`it did not report ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    try {
      await ready;
    } catch (error) {
      runner.close();
      throw new Error(`The command runner in sandbox ${container.id.slice(0, 12)} did not start: ${errorText(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    return runner;
  }

  /** Runs one command as the agent, streaming its output, with timeout and cancellation like a docker exec. */
  run(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (command.length === 0) throw new Error('Cannot run an empty command in a sandbox: give at least the program name');
    if (options.signal?.aborted) return Promise.resolve({ exitCode: null, durationMs: 0, timedOut: false, cancelled: true });
    const env = commandEnv('agent', options.env);
    const id = this.nextId++;
    const started = performance.now();
    return new Promise<ExecResult>((resolve, reject) => {
      let stopReason: 'timeout' | 'cancel' | undefined;
      let giveUpTimer: NodeJS.Timeout | undefined;
      const stop = (reason: 'timeout' | 'cancel'): void => {
        if (stopReason) return;
        stopReason = reason;
        this.send({ op: 'kill', id });
        giveUpTimer = setTimeout(() => entry.finish(null), FINISH_WAIT_AFTER_KILL_MS);
      };
      const timeoutTimer = options.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;
      const onAbort = (): void => stop('cancel');
      const settle = (): boolean => {
        if (!this.running.delete(id)) return false;
        clearTimeout(timeoutTimer);
        clearTimeout(giveUpTimer);
        options.signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const entry: RunningCommand = {
        stdout: new OutputDecoder('stdout', options.onOutput),
        stderr: new OutputDecoder('stderr', options.onOutput),
        fail: (error) => {
          if (settle()) reject(error);
        },
        finish: (exitCode) => {
          if (!settle()) return;
          entry.stdout.flush();
          entry.stderr.flush();
          const listenerError: unknown = entry.stdout.listenerError ?? entry.stderr.listenerError;
          if (listenerError !== undefined) {
            reject(listenerError instanceof Error ? listenerError : new Error(errorText(listenerError)));
            return;
          }
          resolve({ exitCode, durationMs: Math.round(performance.now() - started), timedOut: stopReason === 'timeout', cancelled: stopReason === 'cancel' });
        },
      };
      this.running.set(id, entry);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (this.ended) {
        entry.finish(null);
        return;
      }
      this.send({ op: 'run', id, argv: [...command], cwd: options.cwd ?? WORKSPACE_DIR, env, marker: randomUUID() });
    });
  }

  /** Closes the runner's input; it kills whatever still runs and exits. */
  close(): void {
    this.stream.end();
    this.end();
  }

  private send(request: Record<string, unknown>): void {
    if (!this.ended) this.stream.write(`${JSON.stringify(request)}\n`);
  }

  private onFrame(frame: RunnerFrame): void {
    if (frame.kind === 'h') {
      this.markReady?.();
      return;
    }
    const entry = this.running.get(frame.id);
    if (!entry) return;
    if (frame.kind === 'o') entry.stdout.write(frame.payload);
    else if (frame.kind === 'e') entry.stderr.write(frame.payload);
    else if (frame.kind === 'x') {
      const code = exitCodeOf(frame.payload);
      if (code === undefined) this.breakDown(`an exit record that is not one (${JSON.stringify(frame.payload.toString('utf8').slice(0, 80))})`);
      else entry.finish(code);
    }
  }

  /**
   * The channel carried something the runner cannot have sent: only a process writing into it
   * does that. Every command on it fails now, with the reason, instead of waiting for frames
   * that will never parse; the runner ends, and the sandbox starts a new one on next use.
   */
  private breakDown(reason: string): void {
    const error = new Error(
      `The command runner in sandbox ${this.label} received ${reason}: something in the sandbox wrote into its output channel. ` +
        'The command was stopped; run it again (a new runner starts), and look at what the previous commands left running',
    );
    for (const entry of [...this.running.values()]) entry.fail(error);
    this.close();
  }

  private keepStderr(chunk: Buffer): void {
    this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  }

  /** The runner is gone (killed, or its sandbox is): commands still running end without an exit code. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.failStart?.(new Error(this.stderrTail.trim() || 'it exited at once'));
    for (const entry of [...this.running.values()]) entry.finish(null);
    this.stream.destroy();
    this.onEnd();
  }

  private sink(onChunk: (chunk: Buffer) => void): Writable {
    return new Writable({
      write(chunk: Buffer, _encoding, callback) {
        onChunk(chunk);
        callback();
      },
    });
  }
}

function exitCodeOf(payload: Buffer): number | undefined {
  try {
    const record: unknown = JSON.parse(payload.toString('utf8'));
    const code = typeof record === 'object' && record !== null && 'code' in record ? record.code : undefined;
    return typeof code === 'number' && Number.isInteger(code) ? code : undefined;
  } catch {
    return undefined;
  }
}
