import type { ExecOptions } from './execCommand.js';
import type { Sandbox } from './sandbox.js';

/** Output kept per stream by runChecked; plumbing commands print little, and this caps the rest. */
const CAPTURE_LIMIT = 64 * 1024;

export interface CheckedOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/**
 * Runs an internal command and collects its (capped) output. Exit codes listed in
 * `okExitCodes` (default [0]) succeed; anything else throws with the command's stderr.
 */
export async function runChecked(
  sandbox: Sandbox,
  command: readonly string[],
  options: Omit<ExecOptions, 'onOutput'> & { what: string; fix: string; okExitCodes?: readonly number[] },
): Promise<CheckedOutput> {
  const captured = { stdout: '', stderr: '' };
  const result = await sandbox.exec(command, {
    ...options,
    onOutput: (stream, text) => {
      const room = CAPTURE_LIMIT - captured[stream].length;
      if (room > 0) captured[stream] += text.slice(0, room);
    },
  });
  const ok = options.okExitCodes ?? [0];
  if (result.exitCode === null || !ok.includes(result.exitCode)) {
    const how = result.timedOut ? 'timed out' : result.cancelled ? 'was cancelled' : `exited with ${result.exitCode}`;
    const detail = (captured.stderr || captured.stdout).trim();
    throw new Error(`${options.what} failed in sandbox ${sandbox.label}: \`${command.join(' ')}\` ${how}${detail ? `: ${detail}` : ''}. ${options.fix}`);
  }
  return { ...captured, exitCode: result.exitCode };
}
