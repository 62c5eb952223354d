import { useEffect, useState } from 'react';
import type { ProviderView } from '../../../shared/types';
import { bridge } from '../bridge';
import { useSettings } from '../state/settingsStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { toast } from '../ui/toasts';

type TestState = { status: 'idle' } | { status: 'testing' } | { status: 'done'; ok: boolean; detail: string };

export interface ProviderRowProps {
  provider: ProviderView;
  isDefault: boolean;
  presetName: string | undefined;
  /** Runs the connection test when the row appears (right after the provider was saved). */
  testAtOnce: boolean;
  onEdit: () => void;
}

/** One saved provider with its connection test and actions. */
export function ProviderRow({ provider, isDefault, presetName, testAtOnce, onEdit }: ProviderRowProps) {
  const [test, setTest] = useState<TestState>({ status: 'idle' });
  const [confirmRemove, setConfirmRemove] = useState(false);

  const runTest = async (): Promise<void> => {
    setTest({ status: 'testing' });
    try {
      const result = await bridge.call('providers.test', { id: provider.id });
      setTest({ status: 'done', ...result });
    } catch (error) {
      setTest({ status: 'done', ok: false, detail: errorMessage(error) });
    }
  };
  useEffect(() => {
    if (testAtOnce) void runTest();
    // On becoming true only: the provider was just saved.
  }, [testAtOnce]);
  const act = (action: () => Promise<unknown>, done: string) => async (): Promise<void> => {
    try {
      await action();
      toast(done);
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  return (
    <li className="provider-row" aria-label={provider.name}>
      <div className="provider-head">
        <div className="provider-id">
          <span className="provider-name">{provider.name}</span>
          {isDefault && <span className="badge badge-accent">Default</span>}
          {presetName && <span className="badge">{presetName}</span>}
        </div>
        <div className="provider-actions">
          <Button size="sm" busy={test.status === 'testing'} onClick={() => void runTest()}>
            Test connection
          </Button>
          <Button size="sm" variant="ghost" onClick={onEdit}>
            Edit
          </Button>
          {!isDefault && (
            <Button size="sm" variant="ghost" onClick={() => void act(() => useSettings.getState().update({ defaultProviderId: provider.id }), `${provider.name} is now the default`)()}>
              Make default
            </Button>
          )}
          {confirmRemove ? (
            <>
              <Button size="sm" variant="danger" onClick={() => void act(() => useSettings.getState().removeProvider(provider.id), `${provider.name} removed`)()}>
                Confirm remove
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button size="sm" variant="ghost" className="danger-text" onClick={() => setConfirmRemove(true)}>
              Remove
            </Button>
          )}
        </div>
      </div>
      <div className="provider-meta mono">
        {provider.model} · {provider.baseUrl} · {provider.wire === 'chat' ? 'Chat Completions' : 'Responses'} · {provider.hasKey ? 'key saved' : 'no key'}
        {provider.contextWindow ? ` · ${provider.contextWindow.toLocaleString()} tokens` : ''}
      </div>
      {test.status === 'done' && (
        <Alert kind={test.ok ? 'success' : 'error'} className="provider-test">
          {test.ok ? 'Connected: ' : 'Connection failed: '}
          {test.detail}
        </Alert>
      )}
    </li>
  );
}
