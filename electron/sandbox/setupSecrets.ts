import type { Sandbox } from './sandbox.js';

/**
 * Where the setup script finds each secret as a file (`$CODEBAY_SECRETS_DIR/NAME`), root's
 * alone, for tools that read a token from a file rather than the environment. The folder is
 * deleted once setup ends, so, unlike anything setup copies elsewhere, the agent never sees it.
 */
export const SETUP_SECRETS_DIR = '/run/codebay-secrets';

/** Writes the secrets (names are checked variable names, so safe as file names) for the setup script to read. */
export async function putSetupSecrets(sandbox: Sandbox, secrets: Record<string, string>): Promise<void> {
  await sandbox.putFiles([
    { path: SETUP_SECRETS_DIR, mode: 0o700 },
    ...Object.entries(secrets).map(([name, value]) => ({ path: `${SETUP_SECRETS_DIR}/${name}`, content: value, mode: 0o400 })),
  ]);
}

/** Deletes the secrets' folder; the agent phase must not start while it could still be there. */
export async function removeSetupSecrets(sandbox: Sandbox, signal?: AbortSignal): Promise<void> {
  const result = await sandbox.exec(['rm', '-rf', '--', SETUP_SECRETS_DIR], { user: 'root', timeoutMs: 60_000, ...(signal ? { signal } : {}) });
  if (result.exitCode !== 0) {
    throw new Error(`Could not delete the setup secrets' folder ${SETUP_SECRETS_DIR} in sandbox ${sandbox.label} (rm exited with ${result.exitCode}); the task stopped before the agent could read it. Retry the task`);
  }
}
