import { useId, useState } from 'react';
import type { ProviderView } from '../../../shared/types';
import { useSettings } from '../state/settingsStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { Field } from '../ui/Field';
import { type Preset, type ProviderDraft, type ProviderProblems, applyPreset, providerDraftOf, providerParamsOf } from './providerDraft';
import { type ServerModels, useServerModels } from './useServerModels';

export interface ProviderFormProps {
  provider: ProviderView | null;
  presets: Preset[];
  onDone: (saved: ProviderView | null) => void;
}

function modelsHint(models: ServerModels): string {
  switch (models.status) {
    case 'idle':
      return 'The name the server expects, e.g. qwen3-coder or gpt-5. Give the base URL to pick from its list.';
    case 'loading':
      return 'Asking the server for its models…';
    case 'ready':
      return models.models.length === 0 ? 'The server lists no models; type the name it expects.' : `${models.models.length} ${models.models.length === 1 ? 'model' : 'models'} on the server: pick one, or type any name.`;
    case 'failed':
      return `No list of models: ${models.message}`;
  }
}

/** Adds or edits a model provider; a preset fills in the usual address and wire, the server lists its models. */
export function ProviderForm({ provider, presets, onDone }: ProviderFormProps) {
  const [draft, setDraft] = useState<ProviderDraft>(() => providerDraftOf(provider));
  const [problems, setProblems] = useState<ProviderProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const preset = presets.find((p) => p.id === draft.preset);
  const models = useServerModels(draft.baseUrl, draft.removeKey ? '' : draft.apiKey, provider?.id ?? null);
  const modelId = useId();

  const change = <K extends keyof ProviderDraft>(field: K, value: ProviderDraft[K]): void => {
    setDraft((current) => ({ ...current, [field]: value }));
    setError(null);
    if (field in problems) setProblems((current) => ({ ...current, [field]: undefined }));
  };

  const save = async (): Promise<void> => {
    const { params, problems: found } = providerParamsOf(draft, provider !== null);
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    setSaving(true);
    setError(null);
    try {
      const store = useSettings.getState();
      onDone(provider ? await store.updateProvider(provider.id, params) : await store.createProvider(params));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="provider-form"
      aria-label={provider ? `Edit ${provider.name}` : 'New provider'}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="form-grid">
        <Field label="Preset" hint={preset?.notes ?? 'Pick the kind of server to fill in its usual address and wire.'}>
          <select
            value={draft.preset}
            onChange={(event) => {
              const picked = presets.find((p) => p.id === event.target.value);
              if (picked) setDraft((current) => applyPreset(current, picked, preset));
            }}
          >
            <option value="" disabled>
              Choose a preset…
            </option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Name" error={problems.name}>
          <input value={draft.name} placeholder="Local Ollama" onChange={(e) => change('name', e.target.value)} />
        </Field>
        <Field label="Base URL" error={problems.baseUrl}>
          <input className="mono" value={draft.baseUrl} placeholder="http://127.0.0.1:11434/v1" onChange={(e) => change('baseUrl', e.target.value)} />
        </Field>
        <Field label="Wire API" hint="Most local servers speak Chat Completions.">
          <select value={draft.wire} onChange={(e) => change('wire', e.target.value === 'responses' ? 'responses' : 'chat')}>
            <option value="chat">Chat Completions</option>
            <option value="responses">Responses</option>
          </select>
        </Field>
        <div className={`field${problems.model ? ' has-error' : ''}`}>
          <label className="field-label" htmlFor={modelId}>
            Model
          </label>
          <div className="model-picker">
            <input
              id={modelId}
              className="mono"
              value={draft.model}
              placeholder="qwen3-coder"
              aria-invalid={problems.model ? true : undefined}
              aria-describedby={`${modelId}-hint`}
              onChange={(e) => change('model', e.target.value)}
            />
            <select
              aria-label="Models on the server"
              value=""
              disabled={models.status !== 'ready' || models.models.length === 0}
              onChange={(e) => {
                if (e.target.value) change('model', e.target.value);
              }}
            >
              <option value="">{models.status === 'loading' ? 'Loading…' : models.status === 'ready' ? `Pick from ${models.models.length}…` : 'No list'}</option>
              {models.status === 'ready' &&
                models.models.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
            </select>
          </div>
          <div className={`field-hint${models.status === 'failed' ? ' is-warning' : ''}`} id={`${modelId}-hint`}>
            {modelsHint(models)}
          </div>
          {problems.model && (
            <div className="field-error" role="alert">
              {problems.model}
            </div>
          )}
        </div>
        <Field label="Context window (tokens)" error={problems.contextWindow} hint="Empty: the model’s usual size.">
          <input inputMode="numeric" value={draft.contextWindow} placeholder="32768" onChange={(e) => change('contextWindow', e.target.value)} />
        </Field>
        <Field
          label="API key"
          className="span-2"
          hint={
            provider?.hasKey
              ? 'A key is saved. Type a new one to replace it; it is never shown again.'
              : `${preset?.needsKey ? 'This server needs a key. ' : ''}Kept outside the database and never shown again.`
          }
        >
          <input type="password" autoComplete="off" value={draft.apiKey} disabled={draft.removeKey} placeholder={provider?.hasKey ? '••••••••' : preset?.needsKey ? 'sk-…' : 'none needed'} onChange={(e) => change('apiKey', e.target.value)} />
        </Field>
        {provider?.hasKey && (
          <label className="check-inline span-2">
            <input type="checkbox" checked={draft.removeKey} onChange={(e) => change('removeKey', e.target.checked)} />
            Remove the saved key
          </label>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      <div className="form-foot">
        <span className="form-foot-spacer" />
        <Button onClick={() => onDone(null)}>Cancel</Button>
        <Button type="submit" variant="primary" busy={saving}>
          Save provider
        </Button>
      </div>
    </form>
  );
}
