import type { ExecOutcome, ExecRequest, ToolHost } from '../agent/types.js';
import type { FileChange } from '../agent/patch/index.js';
import { WORKSPACE_DIR } from '../sandbox/containerConfig.js';

/**
 * The agent's tools on a sandbox that is still being prepared: the turn starts (and its
 * first model request goes out) at once, and each tool call waits for the workspace.
 */
export class DeferredToolHost implements ToolHost {
  readonly workspaceRoot = WORKSPACE_DIR;

  constructor(private readonly ready: Promise<ToolHost>) {
    // The runner reports a workspace that failed; a host no tool call used must not raise it again.
    ready.catch(() => undefined);
  }

  async exec(request: ExecRequest): Promise<ExecOutcome> {
    return (await this.ready).exec(request);
  }

  async readFile(relativePath: string): Promise<Buffer | null> {
    return (await this.ready).readFile(relativePath);
  }

  async writeChanges(changes: FileChange[]): Promise<void> {
    return (await this.ready).writeChanges(changes);
  }
}
