import { type ChildProcess, spawn } from 'node:child_process';
import { codebayBin, repoRoot } from './cli.js';

export interface ServeProcess {
  url: string;
  origin: string;
  token: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the real `codebay serve` and waits for the URL it prints. */
export function startServe(env: NodeJS.ProcessEnv, args: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [codebayBin, 'serve', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`codebay serve printed no URL in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/.exec(output);
      if (!match?.[1] || !match[2] || !match[3]) return;
      clearTimeout(timer);
      const port = Number(match[2]);
      resolve({
        url: match[1],
        origin: `http://127.0.0.1:${port}`,
        token: match[3],
        port,
        child,
        output: () => output,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`codebay serve exited with ${code}:\n${output}`));
    });
  });
}
