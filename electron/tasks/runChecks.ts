import { randomBytes } from 'node:crypto';
import type { EventBody } from '../../shared/events.js';
import type { CheckSpec } from '../../shared/types.js';
import { WORKSPACE_DIR } from '../sandbox/containerConfig.js';
import { reapAgentProcesses } from '../sandbox/processReap.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { maskedOutput } from './streamMasker.js';

export interface ChecksOutcome {
  passed: number;
  failed: number;
}

/** What a check that timed out, or was killed before it could exit, is recorded as (as `timeout` and a SIGKILL report them). */
const TIMED_OUT_EXIT = 124;
const KILLED_EXIT = 137;

/**
 * Runs the turn's checks, one after another, as the agent in /workspace, on the tree Codebay
 * just committed as the turn's result (so nothing a check writes can enter it). Afterwards
 * every process a check left is ended and the tracked and untracked files it changed are put
 * back, so a follow-up starts from the result itself. A failing check fails only itself.
 */
export async function runChecks(
  sandbox: Sandbox,
  checks: readonly CheckSpec[],
  env: Record<string, string>,
  secretValues: readonly string[],
  emit: (body: EventBody) => void,
  signal: AbortSignal,
): Promise<ChecksOutcome> {
  const outcome: ChecksOutcome = { passed: 0, failed: 0 };
  for (const check of checks) {
    const checkId = `check-${randomBytes(6).toString('hex')}`;
    emit({ type: 'check.begin', checkId, name: check.name, command: check.command });
    const output = maskedOutput(secretValues, (stream, text) => emit({ type: 'check.output', checkId, stream, text }));
    const result = await sandbox
      .exec(['bash', '-c', check.command], { user: 'agent', cwd: WORKSPACE_DIR, env, timeoutMs: check.timeoutMs, signal, onOutput: output.onOutput })
      .finally(() => output.flush());
    signal.throwIfAborted();
    const exitCode = result.timedOut ? TIMED_OUT_EXIT : (result.exitCode ?? KILLED_EXIT);
    emit({ type: 'check.end', checkId, name: check.name, exitCode, durationMs: result.durationMs, timedOut: result.timedOut });
    if (exitCode === 0) outcome.passed += 1;
    else outcome.failed += 1;
  }
  await reapAgentProcesses(sandbox, { signal });
  // Ignored files (caches, build output) stay: they are not part of any result, and setup may have made them.
  await sandbox.exec(['sh', '-c', 'git reset -q --hard HEAD && git clean -qfd'], { user: 'agent', cwd: WORKSPACE_DIR, timeoutMs: 120_000, signal });
  return outcome;
}
