import path from 'node:path';
import type { SetupTestResult } from '../../shared/protocol.js';
import { ActionableError, checkField, FieldError } from '../errors.js';
import { BundleCache } from '../git/bundleCache.js';
import { ensureMirror } from '../git/mirror.js';
import { resolveBase, validateRepo } from '../git/repo.js';
import type { SandboxPool } from '../sandbox/pool.js';
import { prepareWorkspace, WORKSPACE_BRANCH } from '../sandbox/workspace.js';
import { newId } from '../store/ids.js';
import { BatchedText } from './batchedText.js';
import { secretMask } from './redact.js';
import { runSetupScript } from './setupScript.js';

/** The environment as the form has it, secrets resolved to their values. */
export interface SetupTrialInput {
  repoPath: string;
  baseBranch?: string | null | undefined;
  setupScript: string;
  envVars?: Record<string, string> | undefined;
  secrets: Record<string, string>;
  cpus?: number | null | undefined;
  memoryBytes?: number | null | undefined;
  pidsLimit?: number | null | undefined;
}

export interface SetupTrialDeps {
  pool: SandboxPool;
  dataDir: string;
}

/** The most of a test's output kept for its result; the pushed batches carry all of it. */
const OUTPUT_KEPT_CHARS = 512 * 1024;

/** Saved secrets with a form's changes on top: a value replaces, null removes. */
export function withSecretChanges(saved: Record<string, string>, changes: Record<string, string | null>): Record<string, string> {
  const merged = new Map(Object.entries(saved));
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) merged.delete(name);
    else merged.set(name, value);
  }
  return Object.fromEntries(merged);
}

/**
 * "Test setup": an environment's setup script run as a task's sandbox would run it (same
 * workspace, user, network, variables and secrets), in a sandbox that is always removed
 * after, so a script can be tried before any task depends on it.
 */
export class SetupTrials {
  private readonly running = new Map<string, { stop: AbortController; done: Promise<SetupTestResult> }>();
  private readonly bundles: BundleCache;

  constructor(private readonly deps: SetupTrialDeps) {
    this.bundles = new BundleCache(path.join(deps.dataDir, 'bundles'));
  }

  /** Runs the test; `onOutput` gets its output, secret values masked, in batches as it comes. */
  async run(runId: string, input: SetupTrialInput, onOutput: (text: string) => void): Promise<SetupTestResult> {
    if (this.running.has(runId)) throw new ActionableError(`Setup test ${runId} is already running`, 'Wait for it to end or stop it, then start another');
    if (!input.setupScript.trim()) throw new FieldError('setupScript', 'There is no setup script to test', 'Write the script first');
    const stop = new AbortController();
    const done = this.trial(input, stop.signal, onOutput);
    this.running.set(runId, { stop, done });
    try {
      return await done;
    } finally {
      this.running.delete(runId);
    }
  }

  /** Stops a running test; false when there is none by that id (it may have ended). */
  stop(runId: string): boolean {
    const trial = this.running.get(runId);
    trial?.stop.abort(new Error(`setup test ${runId} was stopped`));
    return trial !== undefined;
  }

  /** Stops every test and waits until their sandboxes are removed. */
  async close(): Promise<void> {
    const trials = [...this.running.values()];
    for (const trial of trials) trial.stop.abort(new Error('Codebay is shutting down'));
    await Promise.allSettled(trials.map((trial) => trial.done));
  }

  private async trial(input: SetupTrialInput, signal: AbortSignal, onOutput: (text: string) => void): Promise<SetupTestResult> {
    const repo = await checkField('repoPath', () => validateRepo(input.repoPath));
    const baseRef = input.baseBranch?.trim() || repo.headBranch || 'HEAD';
    const commit = await checkField('baseBranch', () => resolveBase(repo.root, baseRef));
    const mirror = await ensureMirror(this.deps.dataDir, repo.root);
    await mirror.refresh();
    await mirror.ensureCommit(commit);
    const bundle = await this.bundles.bundleOf(mirror, commit, WORKSPACE_BRANCH);
    if (signal.aborted) return { exitCode: null, timedOut: false, stopped: true, durationMs: 0, commit, output: '' };
    const sandbox = await this.deps.pool.claim(`setup-test-${newId()}`, {
      ...(input.cpus ? { cpus: input.cpus } : {}),
      ...(input.memoryBytes ? { memoryBytes: input.memoryBytes } : {}),
      ...(input.pidsLimit ? { pids: input.pidsLimit } : {}),
    });
    const output = new BatchedText(onOutput, OUTPUT_KEPT_CHARS);
    const started = performance.now();
    const ended = (exit: Pick<SetupTestResult, 'exitCode' | 'timedOut' | 'stopped'>): SetupTestResult => {
      output.flush();
      return { ...exit, durationMs: Math.round(performance.now() - started), commit, output: output.text };
    };
    try {
      await prepareWorkspace(sandbox, bundle, commit, { signal });
      const result = await runSetupScript(sandbox, {
        script: input.setupScript,
        envVars: input.envVars ?? {},
        secrets: input.secrets,
        signal,
        onOutput: (_stream, text) => output.add(text),
      });
      return ended({ exitCode: result.exitCode, timedOut: result.timedOut, stopped: false });
    } catch (error) {
      if (signal.aborted) return ended({ exitCode: null, timedOut: false, stopped: true });
      // What failed around the script (a full disk, Docker going away) may quote what it was given.
      const mask = secretMask(Object.values(input.secrets));
      throw new ActionableError(`The setup test failed in its sandbox: ${mask(error instanceof Error ? error.message : String(error))}`, 'Check the system check, then test again', { cause: error });
    } finally {
      output.flush();
      await sandbox.remove().catch(() => undefined);
    }
  }
}
