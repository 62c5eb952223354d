import { useState } from 'react';
import type { ProviderView } from '../../../shared/types';
import { useSettings } from '../state/settingsStore';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import { ProviderForm } from './ProviderForm';
import { ProviderRow } from './ProviderRow';

/** The model providers: OpenAI-compatible servers tasks can run on. */
export function ProvidersSection() {
  const providers = useSettings((state) => state.providers);
  const settings = useSettings((state) => state.settings);
  const [editing, setEditing] = useState<string | null>(null);
  // A provider just saved is tested at once, so a wrong address or key shows before a task needs it.
  const [justSaved, setJustSaved] = useState<string | null>(null);
  const done = (saved: ProviderView | null, what: string): void => {
    setEditing(null);
    setJustSaved(saved?.id ?? null);
    if (saved) toast(`Provider “${saved.name}” ${what}`);
  };
  const presets = settings?.presets ?? [];
  const presetName = (id: string): string | undefined => presets.find((p) => p.id === id)?.name;

  return (
    <section className="panel settings-section" aria-labelledby="providers-title">
      <div className="section-head">
        <div>
          <h2 id="providers-title">Model providers</h2>
          <p className="section-sub">Any OpenAI-compatible server: OpenAI, Azure, OpenRouter, or one on this machine (Ollama, LM Studio, vLLM, llama.cpp). Tasks use the default one.</p>
        </div>
        {editing !== 'new' && (
          <Button onClick={() => setEditing('new')}>
            <Icon name="plus" size={14} /> Add provider
          </Button>
        )}
      </div>
      {editing === 'new' && (
        <ProviderForm
          provider={null}
          presets={presets}
          onDone={(saved) => done(saved, 'added')}
        />
      )}
      {providers.length === 0 && editing !== 'new' && (
        <p className="muted empty-line">
          No provider saved. Until you add one, tasks use the OPENAI_BASE_URL, OPENAI_API_KEY and CODEBAY_MODEL environment variables if they are set.
        </p>
      )}
      <ul className="provider-list">
        {providers.map((provider) =>
          editing === provider.id ? (
            <li key={provider.id} className="provider-row">
              <ProviderForm
                provider={provider}
                presets={presets}
                onDone={(saved) => done(saved, 'saved')}
              />
            </li>
          ) : (
            <ProviderRow
              key={provider.id}
              provider={provider}
              isDefault={settings?.defaultProviderId === provider.id}
              presetName={presetName(provider.preset)}
              testAtOnce={justSaved === provider.id}
              onEdit={() => setEditing(provider.id)}
            />
          ),
        )}
      </ul>
    </section>
  );
}
