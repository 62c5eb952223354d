import { spawn, spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';

/** Where an Electron window can be drawn: extra environment and switches, and how to let go of it. */
export interface Display {
  env: Record<string, string>;
  args: string[];
  /** Which display this is, for error messages. */
  label: string;
  close(): Promise<void>;
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Starts Xvfb on the first free display number, which Xvfb reports on fd 3 once it accepts clients. */
function startXvfb(): Promise<Display> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1360x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = child.stdio[3] as Readable;
  return new Promise((resolve, reject) => {
    let reported = '';
    ready.on('data', (chunk: Buffer) => {
      reported += chunk.toString();
      if (!reported.includes('\n')) return;
      const display = `:${reported.trim()}`;
      resolve({
        env: { DISPLAY: display },
        args: [],
        label: `Xvfb on ${display}`,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before reporting its display: ${stderr.trim()}`)));
  });
}

/**
 * A display for an Electron window on this machine. Electron has no headless
 * mode of its own: on Linux without DISPLAY or WAYLAND_DISPLAY it gets a
 * virtual X server when Xvfb is installed (Electron's documented way for CI),
 * else Chromium's headless Ozone platform, which Electron ≥ 28 draws with
 * when asked by switch.
 */
export async function displayForElectron(): Promise<Display> {
  const none: Display = { env: {}, args: [], label: 'the desktop', close: async () => undefined };
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return none;
  if (hasCommand('Xvfb')) return startXvfb();
  return { ...none, args: ['--ozone-platform=headless'], label: 'the headless Ozone platform (no Xvfb found)' };
}
