import type { ProviderView, SettingsView } from '../../../shared/types';
import type { ProviderParams } from '../state/settingsStore';

export type Preset = SettingsView['presets'][number];

export interface ProviderDraft {
  preset: string;
  name: string;
  baseUrl: string;
  wire: 'responses' | 'chat';
  model: string;
  /** Typed key; empty keeps the saved one. */
  apiKey: string;
  removeKey: boolean;
  contextWindow: string;
}

export type ProviderProblems = Partial<Record<'name' | 'baseUrl' | 'model' | 'contextWindow', string>>;

export function providerDraftOf(provider: ProviderView | null): ProviderDraft {
  if (!provider) return { preset: '', name: '', baseUrl: '', wire: 'chat', model: '', apiKey: '', removeKey: false, contextWindow: '' };
  return {
    preset: provider.preset,
    name: provider.name,
    baseUrl: provider.baseUrl,
    wire: provider.wire,
    model: provider.model,
    apiKey: '',
    removeKey: false,
    contextWindow: provider.contextWindow === null ? '' : String(provider.contextWindow),
  };
}

/** Picking a preset fills its address and wire, and its name unless the user typed one. */
export function applyPreset(draft: ProviderDraft, preset: Preset, previous: Preset | undefined): ProviderDraft {
  const nameIsPresets = !draft.name.trim() || draft.name === previous?.name;
  return { ...draft, preset: preset.id, baseUrl: preset.baseUrl, wire: preset.wire, name: nameIsPresets ? preset.name : draft.name };
}

export function validUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The fields the engine takes; apiKey is left out when unchanged, null when removed. */
export function providerParamsOf(draft: ProviderDraft, existing: boolean): { params: ProviderParams; problems: ProviderProblems } {
  const problems: ProviderProblems = {};
  if (!draft.name.trim()) problems.name = 'Give the provider a name, e.g. “Local Ollama”';
  if (!validUrl(draft.baseUrl.trim())) problems.baseUrl = 'Give the server’s http(s) address, usually ending in /v1, e.g. http://127.0.0.1:11434/v1';
  if (!draft.model.trim()) problems.model = 'Give the model name the server expects, e.g. qwen3-coder or gpt-5';
  const window = draft.contextWindow.trim();
  const contextWindow = window ? Number(window) : null;
  if (contextWindow !== null && (!Number.isInteger(contextWindow) || contextWindow <= 0)) problems.contextWindow = 'Give the context length in tokens, e.g. 32768, or leave it empty';
  const key = draft.apiKey.trim();
  const apiKey = draft.removeKey ? null : key ? key : undefined;
  const params: ProviderParams = {
    name: draft.name.trim(),
    baseUrl: draft.baseUrl.trim().replace(/\/+$/, ''),
    wire: draft.wire,
    model: draft.model.trim(),
    contextWindow: problems.contextWindow ? null : contextWindow,
    ...(draft.preset ? { preset: draft.preset } : {}),
    ...(apiKey === undefined || (apiKey === null && !existing) ? {} : { apiKey }),
  };
  return { params, problems };
}
