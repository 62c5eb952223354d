/** The agents a task can run: Codebay's own loop, or an agent CLI run headless in the sandbox. */
export const AGENT_BACKENDS = ['built-in', 'codex', 'claude', 'opencode'] as const;
export type AgentBackendName = (typeof AGENT_BACKENDS)[number];

/** As the UI and the CLI show each one. */
export const AGENT_LABELS: Record<AgentBackendName, string> = {
  'built-in': 'Codebay agent',
  codex: 'Codex CLI',
  claude: 'Claude Code',
  opencode: 'opencode',
};

export function isAgentBackend(value: string): value is AgentBackendName {
  return (AGENT_BACKENDS as readonly string[]).includes(value);
}
