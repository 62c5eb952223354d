import { spawn } from 'node:child_process';
import path from 'node:path';
import { applyChangesToDir, dirFileReader } from '../../electron/agent/patch/index.js';
import type { ExecOutcome, ExecRequest, ToolHost } from '../../electron/agent/types.js';

export const WORKSPACE = '/workspace';

/**
 * A ToolHost over a real folder with real processes, standing in for the sandbox in agent
 * tests: /workspace and the paths below it map to `root`. Commands run in their own process
 * group, so a timeout or cancel kills everything they started.
 */
export function localToolHost(root: string): ToolHost & { execs: ExecRequest[] } {
  const execs: ExecRequest[] = [];
  const readFile = dirFileReader(root);
  return {
    workspaceRoot: WORKSPACE,
    execs,
    exec: (request) => {
      execs.push(request);
      return run(request, hostPath(root, request.cwd));
    },
    readFile: (relative) => readFile(relative),
    writeChanges: (changes) => applyChangesToDir(root, changes),
  };
}

function hostPath(root: string, sandboxPath: string): string {
  const relative = path.posix.relative(WORKSPACE, sandboxPath);
  if (relative.startsWith('..') || path.posix.isAbsolute(relative)) {
    throw new Error(`local tool host: ${sandboxPath} is outside ${WORKSPACE}; tests run commands inside the workspace only`);
  }
  return path.join(root, relative);
}

function run(request: ExecRequest, cwd: string): Promise<ExecOutcome> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const [program, ...args] = request.command;
    if (program === undefined) {
      reject(new Error('local tool host: empty command'));
      return;
    }
    const child = spawn(program, args, {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    let timedOut = false;
    const killGroup = (): void => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, request.timeoutMs);
    request.signal.addEventListener('abort', killGroup, { once: true });
    child.stdout.setEncoding('utf8').on('data', (text: string) => request.onOutput('stdout', text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => request.onOutput('stderr', text));
    const finish = (exitCode: number): void => {
      clearTimeout(timer);
      request.signal.removeEventListener('abort', killGroup);
      resolve({ exitCode, durationMs: Date.now() - started, timedOut });
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      // As in a container: a missing program is exit code 127 with a message, not a crash.
      request.onOutput('stderr', `${program}: ${error.code === 'ENOENT' ? 'command not found' : error.message}\n`);
      finish(error.code === 'ENOENT' ? 127 : 126);
    });
    child.on('close', (code, signal) => finish(code ?? (signal === null ? 1 : 128 + signalNumber(signal))));
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 1;
}
