import { create } from 'zustand';

const ENVIRONMENT_KEY = 'codebay.composer.environment';
const ATTEMPTS_KEY = 'codebay.composer.attempts';

interface ComposerState {
  prompt: string;
  /** The user's pick; the first environment is used while there is none. */
  environmentId: string | null;
  baseRef: string | null;
  attempts: number;
  includeUncommitted: boolean;
  set(patch: Partial<Omit<ComposerState, 'set'>>): void;
}

function storedAttempts(): number {
  const n = Number(localStorage.getItem(ATTEMPTS_KEY));
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : 1;
}

/** The composer's draft, kept while the user visits other screens; picks persist across restarts. */
export const useComposer = create<ComposerState>()((set) => ({
  prompt: '',
  environmentId: localStorage.getItem(ENVIRONMENT_KEY),
  baseRef: null,
  attempts: storedAttempts(),
  includeUncommitted: false,
  set: (patch) => {
    if (patch.environmentId) localStorage.setItem(ENVIRONMENT_KEY, patch.environmentId);
    if (patch.attempts) localStorage.setItem(ATTEMPTS_KEY, String(patch.attempts));
    set(patch);
  },
}));
