import { create } from 'zustand';
import type { MethodParams } from '../../../shared/protocol';
import type { ProviderView, SettingsView } from '../../../shared/types';
import { bridge } from '../bridge';
import { errorMessage } from '../ui/errorMessage';
import { useTheme } from './theme';

export type ProviderParams = MethodParams<'providers.create'>;
export type ProviderPatch = Omit<MethodParams<'providers.update'>, 'id'>;
export type SettingsPatch = MethodParams<'settings.update'>;

interface SettingsState {
  settings: SettingsView | null;
  providers: ProviderView[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
  load(): Promise<void>;
  update(patch: SettingsPatch): Promise<SettingsView>;
  /** The first provider becomes the default, so it is used without a further step. */
  createProvider(params: ProviderParams): Promise<ProviderView>;
  updateProvider(id: string, patch: ProviderPatch): Promise<ProviderView>;
  removeProvider(id: string): Promise<void>;
}

export const useSettings = create<SettingsState>()((set, get) => ({
  settings: null,
  providers: [],
  status: 'idle',
  error: null,
  load: async () => {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const [settings, providers] = await Promise.all([bridge.call('settings.get', {}), bridge.call('providers.list', {})]);
      set({ settings, providers, status: 'ready', error: null });
      useTheme.getState().setChoice(settings.theme);
    } catch (error) {
      set({ status: 'failed', error: errorMessage(error) });
    }
  },
  update: async (patch) => {
    const settings = await bridge.call('settings.update', patch);
    set({ settings });
    return settings;
  },
  createProvider: async (params) => {
    const created = await bridge.call('providers.create', params);
    set((state) => ({ providers: [...state.providers, created] }));
    if (!get().settings?.defaultProviderId) await get().update({ defaultProviderId: created.id });
    return created;
  },
  updateProvider: async (id, patch) => {
    const updated = await bridge.call('providers.update', { id, ...patch });
    set((state) => ({ providers: state.providers.map((p) => (p.id === id ? updated : p)) }));
    return updated;
  },
  removeProvider: async (id) => {
    await bridge.call('providers.remove', { id });
    const settings = await bridge.call('settings.get', {});
    set((state) => ({ providers: state.providers.filter((p) => p.id !== id), settings }));
  },
}));
