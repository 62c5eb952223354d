import { create } from 'zustand';
import type { MethodParams } from '../../../shared/protocol';
import type { EnvironmentView } from '../../../shared/types';
import { bridge } from '../bridge';
import { errorMessage } from '../ui/errorMessage';

export type EnvironmentParams = MethodParams<'environments.create'>;

interface EnvironmentsState {
  environments: EnvironmentView[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
  load(): Promise<void>;
  /** Creates (no id) or updates; the engine's error is thrown for the form to show. */
  save(id: string | null, params: EnvironmentParams): Promise<EnvironmentView>;
  remove(id: string): Promise<void>;
}

export const useEnvironments = create<EnvironmentsState>()((set, get) => ({
  environments: [],
  status: 'idle',
  error: null,
  load: async () => {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      set({ environments: await bridge.call('environments.list', {}), status: 'ready', error: null });
    } catch (error) {
      set({ status: 'failed', error: errorMessage(error) });
    }
  },
  save: async (id, params) => {
    const saved = id ? await bridge.call('environments.update', { id, ...params }) : await bridge.call('environments.create', params);
    set((state) => {
      const exists = state.environments.some((e) => e.id === saved.id);
      const environments = exists ? state.environments.map((e) => (e.id === saved.id ? saved : e)) : [...state.environments, saved];
      return { environments };
    });
    return saved;
  },
  remove: async (id) => {
    await bridge.call('environments.remove', { id });
    set((state) => ({ environments: state.environments.filter((e) => e.id !== id) }));
  },
}));
