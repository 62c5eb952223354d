/**
 * The agents a task can run: Codebay's own loop, or an agent CLI users already trust, run
 * headless inside the task's sandbox. CLIs are installed from the npm registry at the pinned
 * version, on the host, for the sandbox's platform (Linux, glibc), and reach the model only
 * through Codebay's model gateway.
 */
import { AGENT_LABELS, type AgentBackendName } from '../../../shared/agents.js';
import type { NpmCpu } from './architecture.js';

export { AGENT_BACKENDS, isAgentBackend, type AgentBackendName } from '../../../shared/agents.js';
export type CliBackendName = Exclude<AgentBackendName, 'built-in'>;

/** The API a CLI speaks to its model; the gateway translates it to the provider's. */
export type CliWire = 'responses' | 'chat' | 'anthropic';

export interface CliPackage {
  name: CliBackendName;
  /** As the UI and the CLI show it. */
  label: string;
  /** npm package and the version Codebay is tested with. */
  npmPackage: string;
  version: string;
  /**
   * The executable for the sandbox's CPU, relative to the install folder (which holds
   * node_modules/). For CLIs shipped as native binaries it is the platform package's own
   * binary, not the launcher their install script fills in: that script picks the host's
   * platform, which is not the sandbox's on a Mac or on an emulating engine.
   */
  executable: (cpu: NpmCpu) => string;
  wire: CliWire;
}

export const CLI_PACKAGES: Record<CliBackendName, CliPackage> = {
  codex: {
    name: 'codex',
    label: AGENT_LABELS.codex,
    npmPackage: '@openai/codex',
    version: '0.171.0',
    executable: () => 'node_modules/@openai/codex/bin/codex.js',
    wire: 'responses',
  },
  claude: {
    name: 'claude',
    label: AGENT_LABELS.claude,
    npmPackage: '@anthropic-ai/claude-code',
    version: '2.1.332',
    executable: (cpu) => `node_modules/@anthropic-ai/claude-code-linux-${cpu}/claude`,
    wire: 'anthropic',
  },
  opencode: {
    name: 'opencode',
    label: AGENT_LABELS.opencode,
    npmPackage: 'opencode-ai',
    version: '1.18.33',
    // On x64 the baseline build, which needs no AVX2: the engine's CPU features are not known here.
    executable: (cpu) => (cpu === 'x64' ? 'node_modules/opencode-linux-x64-baseline/bin/opencode' : `node_modules/opencode-linux-${cpu}/bin/opencode`),
    wire: 'chat',
  },
};

export const BUILT_IN_LABEL = AGENT_LABELS['built-in'];

/** Where the installs are mounted, read-only, in every sandbox. */
export const SANDBOX_AGENTS_DIR = '/opt/codebay/agents';
