import { create } from 'zustand';
import { isAgentBackend, type AgentBackendName } from '../../../shared/agents';

const ENVIRONMENT_KEY = 'codebay.composer.environment';
const ATTEMPTS_KEY = 'codebay.composer.attempts';
const AGENT_KEY = 'codebay.composer.agent';

/** An agent for every attempt, or `mixed`: a different agent for each attempt. */
export type AgentChoice = AgentBackendName | 'mixed';

interface ComposerState {
  prompt: string;
  /** The user's pick; the first environment is used while there is none. */
  environmentId: string | null;
  baseRef: string | null;
  attempts: number;
  /** Null: the environment's default agent. */
  agent: AgentChoice | null;
  includeUncommitted: boolean;
  /** Empty: the default provider's model. */
  model: string;
  set(patch: Partial<Omit<ComposerState, 'set'>>): void;
}

function storedAttempts(): number {
  const n = Number(localStorage.getItem(ATTEMPTS_KEY));
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : 1;
}

function storedAgent(): AgentChoice | null {
  const value = localStorage.getItem(AGENT_KEY) ?? '';
  return value === 'mixed' || isAgentBackend(value) ? value : null;
}

/** The composer's draft, kept while the user visits other screens; picks persist across restarts. */
export const useComposer = create<ComposerState>()((set) => ({
  prompt: '',
  environmentId: localStorage.getItem(ENVIRONMENT_KEY),
  baseRef: null,
  attempts: storedAttempts(),
  agent: storedAgent(),
  includeUncommitted: false,
  model: '',
  set: (patch) => {
    if (patch.environmentId) localStorage.setItem(ENVIRONMENT_KEY, patch.environmentId);
    if (patch.attempts) localStorage.setItem(ATTEMPTS_KEY, String(patch.attempts));
    if (patch.agent !== undefined) {
      if (patch.agent) localStorage.setItem(AGENT_KEY, patch.agent);
      else localStorage.removeItem(AGENT_KEY);
    }
    set(patch);
  },
}));
