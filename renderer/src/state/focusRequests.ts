import { create } from 'zustand';

export type FocusTarget = 'composer' | 'search' | 'list';

interface FocusRequests {
  /** Bumped each time a shortcut asks for a target; the target focuses itself. */
  counters: Record<FocusTarget, number>;
  request(target: FocusTarget): void;
}

export const useFocusRequests = create<FocusRequests>()((set) => ({
  counters: { composer: 0, search: 0, list: 0 },
  request: (target) => set((state) => ({ counters: { ...state.counters, [target]: state.counters[target] + 1 } })),
}));
