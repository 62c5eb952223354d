import type { DoctorCheck } from '../../../shared/types.js';
import { agentBackendStatuses, type AgentBackendStatus } from './status.js';

function describe(status: AgentBackendStatus): string {
  if (status.version === null) return status.name;
  return status.installed ? `${status.name} ${status.version} installed` : `${status.name} not installed (${status.installCommand})`;
}

/** Each agent backend with its version or the command that installs it. A missing CLI is no failure: the built-in agent works without. */
export async function checkAgents(dataDir: string): Promise<DoctorCheck> {
  const statuses = await agentBackendStatuses(dataDir);
  return { name: 'agents', label: 'Agents', ok: true, detail: statuses.map(describe).join('; ') };
}
