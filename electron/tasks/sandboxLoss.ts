import { setTimeout as sleep } from 'node:timers/promises';
import { ToolHostGone } from '../agent/index.js';
import { errorText } from '../errors.js';
import type { Sandbox } from '../sandbox/sandbox.js';

/**
 * Undefined while the sandbox runs; otherwise the error that explains a failure in it:
 * the container was stopped or removed behind Codebay's back, or Docker stopped answering.
 */
export async function sandboxLoss(sandbox: Sandbox, cause?: unknown): Promise<ToolHostGone | undefined> {
  let how: string;
  try {
    const { State: state } = await sandbox.container.inspect();
    if (state.Running && !state.Paused) return undefined;
    how = state.OOMKilled ? 'was killed because it ran out of memory' : state.Paused ? 'was paused' : `stopped (exit code ${state.ExitCode})`;
  } catch (error) {
    how = (error as { statusCode?: number }).statusCode === 404 ? 'was removed' : `could not be reached: Docker did not answer (${errorText(error)})`;
  }
  return new ToolHostGone(
    `The sandbox ${sandbox.label} of task ${sandbox.taskId ?? '(none)'} ${how} while the task ran`,
    'Something outside Codebay stopped it (`docker kill` or `docker rm`, a restart of Docker, or the machine running out of memory). ' +
      'Retry the task, or send a follow-up to go on from the last finished turn in a new sandbox',
    { cause },
  );
}

const SETTLE_DELAYS_MS = [0, 100, 200, 400];

/** Like sandboxLoss, but looks a few times: Docker ends a killed sandbox's commands a moment before it reports the sandbox stopped. */
export async function settledSandboxLoss(sandbox: Sandbox, cause?: unknown): Promise<ToolHostGone | undefined> {
  for (const wait of SETTLE_DELAYS_MS) {
    await sleep(wait);
    const lost = await sandboxLoss(sandbox, cause);
    if (lost) return lost;
  }
  return undefined;
}
