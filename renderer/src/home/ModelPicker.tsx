import { useState } from 'react';
import { bridge } from '../bridge';
import { useSettings } from '../state/settingsStore';
import { errorMessage } from '../ui/errorMessage';

/**
 * The model for the next task: empty means the default provider's model. The server's
 * /models list is offered once the field is focused; any other name may be typed.
 */
export function ModelPicker({ value, disabled, onChange }: { value: string; disabled: boolean; onChange: (model: string) => void }) {
  const provider = useSettings((state) => state.providers.find((p) => p.id === state.settings?.defaultProviderId) ?? null);
  const [models, setModels] = useState<{ for: string; names: string[]; error: string | null } | null>(null);

  const fetchModels = (): void => {
    if (!provider || models?.for === provider.id) return;
    setModels({ for: provider.id, names: [], error: null });
    bridge.call('providers.models', { id: provider.id, baseUrl: provider.baseUrl }).then(
      ({ models: names }) => setModels({ for: provider.id, names, error: null }),
      (error: unknown) => setModels({ for: provider.id, names: [], error: errorMessage(error) }),
    );
  };

  const listed = models?.for === provider?.id ? models : null;
  const tip = listed?.error
    ? `Model for this task; the provider's list could not be read (${listed.error}), type a name`
    : `Model for this task; empty uses ${provider ? `${provider.name}'s ${provider.model}` : "the default provider's model"}`;
  return (
    <label className="picker model-picker" title={tip}>
      <input
        aria-label="Model"
        list="composer-models"
        placeholder={provider?.model ?? 'model'}
        value={value}
        disabled={disabled}
        spellCheck={false}
        onFocus={fetchModels}
        onChange={(event) => onChange(event.target.value)}
      />
      <datalist id="composer-models">
        {listed?.names.map((name) => <option key={name} value={name} />)}
      </datalist>
    </label>
  );
}
