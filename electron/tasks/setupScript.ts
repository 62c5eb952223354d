import type { ExecResult, OutputStream } from '../sandbox/execCommand.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { putSetupSecrets, removeSetupSecrets, SETUP_SECRETS_DIR } from '../sandbox/setupSecrets.js';
import { chownWorkspace } from '../sandbox/workspace.js';
import { maskedOutput } from './streamMasker.js';

/** How long a setup script may run, in a task's sandbox or a setup test's. */
export const SETUP_TIMEOUT_MS = 30 * 60_000;

export interface SetupScriptRun {
  script: string;
  envVars: Record<string, string>;
  secrets: Record<string, string>;
  signal: AbortSignal;
  /** The script's output with every secret value masked. */
  onOutput: (stream: OutputStream, text: string) => void;
}

/**
 * An environment's setup script in a sandbox whose workspace is filled: as root in /workspace,
 * with the sandbox's network, the variables and the secrets (also as files, deleted when it
 * ends). The workspace then goes back to the agent user. The only place secrets are visible.
 */
export async function runSetupScript(sandbox: Sandbox, run: SetupScriptRun): Promise<ExecResult> {
  const output = maskedOutput(Object.values(run.secrets), run.onOutput);
  await putSetupSecrets(sandbox, run.secrets);
  const result = await sandbox
    .exec(['bash', '-e', '-o', 'pipefail', '-c', run.script], {
      cwd: '/workspace',
      user: 'root',
      env: { ...run.envVars, ...run.secrets, CODEBAY_SECRETS_DIR: SETUP_SECRETS_DIR, DEBIAN_FRONTEND: 'noninteractive' },
      timeoutMs: SETUP_TIMEOUT_MS,
      signal: run.signal,
      onOutput: output.onOutput,
    })
    .finally(() => output.flush());
  await removeSetupSecrets(sandbox, run.signal);
  if (run.signal.aborted) throw run.signal.reason;
  await chownWorkspace(sandbox, { signal: run.signal });
  return result;
}
