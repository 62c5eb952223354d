import type { Store } from '../store/store.js';
import type { Provider } from '../store/types.js';
import { providerFromEnv, type ProviderResolution, type WireApi } from './provider.js';
import { providerKeyName, type SecretStore } from './secretStore.js';

export interface ProviderChoice {
  providerId?: string | null;
  model?: string | null;
}

/**
 * The provider a task runs with: its stored provider (key from the secret
 * store, else OPENAI_API_KEY), else the default provider setting, else the environment.
 */
export function resolveTaskProvider(store: Store, secrets: SecretStore, env: NodeJS.ProcessEnv, choice: ProviderChoice): ProviderResolution {
  const providerId = choice.providerId ?? (store.settings.get('defaultProviderId') as string | undefined);
  if (providerId) {
    const provider = store.providers.get(providerId);
    if (!provider) {
      return { ok: false, problem: `provider ${providerId} no longer exists`, fix: 'choose another provider in Settings or with --base-url' };
    }
    const apiKey = secrets.get(providerKeyName(provider.id)) ?? (env.OPENAI_API_KEY?.trim() || undefined);
    return {
      ok: true,
      provider: {
        baseUrl: provider.baseUrl,
        model: choice.model || provider.model,
        wire: provider.wire,
        ...(apiKey ? { apiKey } : {}),
      },
    };
  }
  const fromEnv = providerFromEnv(choice.model ? { ...env, CODEBAY_MODEL: choice.model } : env);
  return fromEnv;
}

/** Finds or records the provider that command-line flags describe, so follow-ups from the app reach it too. */
export function providerForFlags(store: Store, flags: { baseUrl: string; wire: WireApi; model: string }): Provider {
  const baseUrl = flags.baseUrl.replace(/\/+$/, '');
  const existing = store.providers.list().find((p) => p.baseUrl === baseUrl && p.wire === flags.wire);
  if (existing) return existing;
  let name = new URL(baseUrl).host;
  for (let n = 2; store.providers.list().some((p) => p.name === name); n++) name = `${new URL(baseUrl).host} (${n})`;
  return store.providers.create({ name, preset: 'custom', baseUrl, wire: flags.wire, model: flags.model });
}
