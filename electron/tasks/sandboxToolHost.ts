import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ToolHostGone } from '../agent/index.js';
import type { ExecOutcome, ExecRequest, ToolHost } from '../agent/types.js';
import type { FileChange } from '../agent/patch/index.js';
import { WORKSPACE_DIR } from '../sandbox/containerConfig.js';
import type { ExecOptions, ExecResult } from '../sandbox/execCommand.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { settledSandboxLoss } from './sandboxLoss.js';
import { maskedOutput } from './streamMasker.js';

const SIGKILL_EXIT = 137;

const READ_SCRIPT = 'test -e "$1" || exit 3; test -f "$1" || { echo "not a regular file" >&2; exit 4; }; base64 -w0 -- "$1"';

// Runs as the agent, so a write or delete through a symlink has exactly the
// agent's own permissions: nothing outside what the agent could touch anyway.
const APPLY_SCRIPT = `
set -euo pipefail
manifest=$1 stage=$2
# The staged files go whether the writes succeed or not.
trap 'rm -rf -- "$stage"' EXIT
while IFS= read -r -d '' op && IFS= read -r -d '' src && IFS= read -r -d '' dst; do
  case "$op" in
    W) mkdir -p -- "$(dirname -- "$dst")"; cat -- "$src" > "$dst" ;;
    D) rm -f -- "$dst" ;;
  esac
done < "$manifest"
`;

/**
 * The agent's tools acting on a task's sandbox, always as the non-root agent user. When the
 * sandbox itself is gone, every method throws ToolHostGone, which ends the turn.
 */
export class SandboxToolHost implements ToolHost {
  readonly workspaceRoot = WORKSPACE_DIR;

  constructor(
    private readonly sandbox: Sandbox,
    /** Values masked in command output before the log or the model sees it (a setup script may have left them in files). */
    private readonly secrets: readonly string[] = [],
  ) {}

  async exec(request: ExecRequest): Promise<ExecOutcome> {
    const output = maskedOutput(this.secrets, request.onOutput);
    try {
      const result = await this.run(request.command, {
        cwd: request.cwd,
        user: 'agent',
        timeoutMs: request.timeoutMs,
        onOutput: output.onOutput,
        signal: request.signal,
      });
      return { exitCode: result.exitCode ?? -1, durationMs: result.durationMs, timedOut: result.timedOut };
    } finally {
      output.flush();
    }
  }

  async readFile(relativePath: string): Promise<Buffer | null> {
    let encoded = '';
    let errors = '';
    const result = await this.run(['bash', '-c', READ_SCRIPT, 'read', this.absolute(relativePath)], {
      user: 'agent',
      timeoutMs: 60_000,
      onOutput: (stream, text) => {
        if (stream === 'stdout') encoded += text;
        else errors += text;
      },
    });
    if (result.exitCode === 3) return null;
    if (result.exitCode !== 0) throw new Error(`cannot read ${relativePath} in the sandbox: ${errors.trim() || `exit ${result.exitCode}`}`);
    return Buffer.from(encoded, 'base64');
  }

  async writeChanges(changes: FileChange[]): Promise<void> {
    if (changes.length === 0) return;
    const stage = `/tmp/codebay-patch-${randomBytes(6).toString('hex')}`;
    const files: Array<{ path: string; content: Buffer; owner: 'agent' }> = [];
    const manifest: string[] = [];
    changes.forEach((change, index) => {
      if (change.kind === 'delete') {
        manifest.push('D', '-', this.absolute(change.path));
        return;
      }
      const staged = `${stage}/${index}`;
      files.push({ path: staged, content: change.content, owner: 'agent' });
      const target = change.kind === 'update' && change.movePath ? change.movePath : change.path;
      manifest.push('W', staged, this.absolute(target));
      if (change.kind === 'update' && change.movePath && change.movePath !== change.path) {
        manifest.push('D', '-', this.absolute(change.path));
      }
    });
    files.push({ path: `${stage}/manifest`, content: Buffer.from(manifest.map((m) => `${m}\0`).join('')), owner: 'agent' });
    await this.sandbox.putFiles([{ path: stage, owner: 'agent' }, ...files]).catch(async (error: unknown) => {
      throw (await this.loss(error)) ?? error;
    });
    let errors = '';
    const result = await this.run(['bash', '-c', APPLY_SCRIPT, 'apply', `${stage}/manifest`, stage], {
      user: 'agent',
      timeoutMs: 120_000,
      onOutput: (stream, text) => {
        if (stream === 'stderr') errors += text;
      },
    });
    if (result.exitCode !== 0) throw new Error(`writing the patch into the sandbox failed: ${errors.trim() || `exit ${result.exitCode}`}`);
  }

  private async run(command: readonly string[], options: ExecOptions): Promise<ExecResult> {
    let result: ExecResult;
    try {
      result = await this.sandbox.exec(command, options);
    } catch (error) {
      throw (await this.loss(error)) ?? error;
    }
    // SIGKILL, or no exit code at all, is also how a command ends when its whole sandbox is killed.
    const killedByUs = result.cancelled || result.timedOut;
    if (!killedByUs && (result.exitCode === null || result.exitCode === SIGKILL_EXIT)) {
      const lost = await this.loss();
      if (lost) throw lost;
    }
    return result;
  }

  private loss(cause?: unknown): Promise<ToolHostGone | undefined> {
    return settledSandboxLoss(this.sandbox, cause);
  }

  private absolute(relativePath: string): string {
    return path.posix.join(this.workspaceRoot, relativePath);
  }
}
