import { AGENT_BACKENDS, BUILT_IN_LABEL, CLI_PACKAGES, type AgentBackendName, type CliBackendName } from './catalog.js';
import { installedAgent } from './installLayout.js';

/** One agent backend as `codebay agents` and the doctor show it. */
export interface AgentBackendStatus {
  name: AgentBackendName;
  label: string;
  /** The pinned version; null for the built-in agent, which ships with Codebay. */
  version: string | null;
  installed: boolean;
  /** The install folder and executable on the host, when installed. */
  dir?: string;
  executable?: string;
  /** The command that installs it, when missing. */
  installCommand?: string;
}

export function installCommand(name: CliBackendName): string {
  return `codebay agents install ${name}`;
}

async function cliStatus(dataDir: string, name: CliBackendName): Promise<AgentBackendStatus> {
  const pkg = CLI_PACKAGES[name];
  const installed = await installedAgent(dataDir, name);
  return installed
    ? { name, label: pkg.label, version: pkg.version, installed: true, dir: installed.dir, executable: installed.executable }
    : { name, label: pkg.label, version: pkg.version, installed: false, installCommand: installCommand(name) };
}

export function agentBackendStatuses(dataDir: string): Promise<AgentBackendStatus[]> {
  return Promise.all(
    AGENT_BACKENDS.map((name) =>
      name === 'built-in' ? Promise.resolve({ name, label: BUILT_IN_LABEL, version: null, installed: true }) : cliStatus(dataDir, name),
    ),
  );
}
