import { useEffect, useState } from 'react';
import type { ProviderView, SettingsView } from '../../../shared/types';
import { useSettings } from '../state/settingsStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { Field } from '../ui/Field';
import { toast } from '../ui/toasts';

interface GeneralDraft {
  defaultProviderId: string;
  defaultModel: string;
  concurrency: string;
  poolSize: string;
  userInstructions: string;
}

function draftOf(settings: SettingsView, providers: ProviderView[]): GeneralDraft {
  const provider = providers.find((p) => p.id === settings.defaultProviderId);
  return {
    defaultProviderId: settings.defaultProviderId ?? '',
    defaultModel: provider?.model ?? '',
    concurrency: String(settings.concurrency),
    poolSize: String(settings.poolSize),
    userInstructions: settings.userInstructions,
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** Defaults for new tasks, how much runs at once, and instructions for every task. */
export function GeneralSection({ settings }: { settings: SettingsView }) {
  const providers = useSettings((state) => state.providers);
  const base = draftOf(settings, providers);
  const [draft, setDraft] = useState<GeneralDraft>(base);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(base);
  const baseKey = JSON.stringify(base);

  // Saved values changed elsewhere (e.g. "Make default") replace the draft; keyed on their text so a new but equal object does not.
  useEffect(() => {
    if (!saving) setDraft(JSON.parse(baseKey) as GeneralDraft);
  }, [baseKey]);

  const concurrency = wholeNumber(draft.concurrency, 1, 32);
  const poolSize = wholeNumber(draft.poolSize, 0, 16);
  const chosen = providers.find((p) => p.id === draft.defaultProviderId);

  const change = <K extends keyof GeneralDraft>(field: K, value: GeneralDraft[K]): void => setDraft((current) => ({ ...current, [field]: value }));

  const save = async (): Promise<void> => {
    if (concurrency === null || poolSize === null) return;
    setSaving(true);
    setError(null);
    try {
      const store = useSettings.getState();
      if (chosen && draft.defaultModel.trim() && draft.defaultModel.trim() !== chosen.model) await store.updateProvider(chosen.id, { model: draft.defaultModel.trim() });
      await store.update({ defaultProviderId: draft.defaultProviderId || null, concurrency, poolSize, userInstructions: draft.userInstructions });
      toast('Settings saved');
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="panel settings-section"
      aria-labelledby="general-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="section-head">
        <h2 id="general-title">Tasks</h2>
      </div>
      <div className="form-grid">
        <Field label="Default provider">
          <select
            value={draft.defaultProviderId}
            onChange={(e) => {
              const provider = providers.find((p) => p.id === e.target.value);
              setDraft((current) => ({ ...current, defaultProviderId: e.target.value, defaultModel: provider?.model ?? '' }));
            }}
          >
            <option value="">None: use the OPENAI_* environment variables</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Default model" hint={chosen ? `The model ${chosen.name} runs for new tasks.` : 'Choose a default provider first.'}>
          <input className="mono" value={draft.defaultModel} disabled={!chosen} placeholder={chosen ? chosen.model : 'from CODEBAY_MODEL'} onChange={(e) => change('defaultModel', e.target.value)} />
        </Field>
        <Field label="Tasks at once" error={concurrency === null ? 'A whole number from 1 to 32' : null} hint="More tasks wait in the queue. Applies at once.">
          <input inputMode="numeric" value={draft.concurrency} onChange={(e) => change('concurrency', e.target.value)} />
        </Field>
        <Field label="Warm sandboxes" error={poolSize === null ? 'A whole number from 0 to 16' : null} hint="Idle containers kept ready so tasks start at once. Applies after a restart.">
          <input inputMode="numeric" value={draft.poolSize} onChange={(e) => change('poolSize', e.target.value)} />
        </Field>
        <Field label="Instructions for every task" className="span-2" hint="Added to the agent’s instructions before each repository’s AGENTS.md, e.g. your conventions or how you like answers written.">
          <textarea rows={5} value={draft.userInstructions} placeholder="Prefer small, focused changes. Explain trade-offs briefly." onChange={(e) => change('userInstructions', e.target.value)} />
        </Field>
      </div>
      {error && <Alert>{error}</Alert>}
      <div className="form-foot">
        <span className="form-foot-spacer" />
        {dirty && (
          <Button onClick={() => setDraft(base)} disabled={saving}>
            Discard changes
          </Button>
        )}
        <Button type="submit" variant="primary" busy={saving} disabled={!dirty || concurrency === null || poolSize === null}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
