import type { TaskMode } from '../../../shared/types.js';
import type { SandboxFile } from '../../sandbox/tarArchive.js';
import type { CliPackage } from './catalog.js';
import type { CliStreamMapper } from './cliStream.js';

/** What a CLI needs to know to run one turn headless in the sandbox. */
export interface CliRunContext {
  /** The CLI's executable, inside the sandbox. */
  executable: string;
  prompt: string;
  mode: TaskMode;
  /** The task's model, as the gateway names it to the provider. */
  model: string;
  /** The model gateway inside the sandbox, e.g. http://127.0.0.1:8377/v1. */
  gatewayUrl: string;
  /** This turn's gateway token: the only credential the CLI gets. */
  token: string;
  /** The CLI's own session of the previous turn, to resume; null starts a new one. */
  session: string | null;
  /** The agent user's home in the sandbox, where CLIs keep their state. */
  home: string;
}

export interface CliInvocation {
  argv: string[];
  env: Record<string, string>;
  /** Config files written (as the agent) before the CLI starts. */
  files: SandboxFile[];
}

/** One agent CLI: how to start a turn, and how to read what it prints. */
export interface CliBackend {
  cli: CliPackage;
  invocation(context: CliRunContext): CliInvocation;
  mapper(): CliStreamMapper;
}
