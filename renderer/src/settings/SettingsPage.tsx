import { useSettings } from '../state/settingsStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Spinner } from '../ui/Spinner';
import { AppearanceSection } from './AppearanceSection';
import { GeneralSection } from './GeneralSection';
import { ProvidersSection } from './ProvidersSection';
import './settings.css';

export function SettingsPage() {
  const settings = useSettings((state) => state.settings);
  const status = useSettings((state) => state.status);
  const error = useSettings((state) => state.error);
  return (
    <div className="page">
      <div className="settings">
        <h1 className="page-title">Settings</h1>
        {status === 'failed' && error && (
          <Alert action={<Button size="sm" onClick={() => void useSettings.getState().load()}>Try again</Button>}>The settings could not load: {error}</Alert>
        )}
        {!settings && status !== 'failed' && (
          <div className="muted" role="status">
            <Spinner size={12} /> Loading settings…
          </div>
        )}
        {settings && (
          <>
            <ProvidersSection />
            <GeneralSection settings={settings} />
            <AppearanceSection />
          </>
        )}
      </div>
    </div>
  );
}
