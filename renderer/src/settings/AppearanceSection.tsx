import { useSettings } from '../state/settingsStore';
import { type ThemeChoice, useTheme } from '../state/theme';
import { errorMessage } from '../ui/errorMessage';
import { toast } from '../ui/toasts';

const THEMES: Array<{ value: ThemeChoice; label: string; hint: string }> = [
  { value: 'system', label: 'System', hint: 'Follow the operating system' },
  { value: 'light', label: 'Light', hint: 'Always light' },
  { value: 'dark', label: 'Dark', hint: 'Always dark' },
];

/** The theme applies at once and is saved with the settings. */
export function AppearanceSection() {
  const choice = useTheme((state) => state.choice);
  const pick = (value: ThemeChoice): void => {
    useTheme.getState().setChoice(value);
    useSettings
      .getState()
      .update({ theme: value })
      .catch((error: unknown) => toast(`The theme applies now but was not saved: ${errorMessage(error)}`, 'error'));
  };
  return (
    <section className="panel settings-section" aria-labelledby="appearance-title">
      <div className="section-head">
        <h2 id="appearance-title">Appearance</h2>
      </div>
      <div className="theme-choices" role="radiogroup" aria-label="Theme">
        {THEMES.map((theme) => (
          <label key={theme.value} className={`theme-choice theme-${theme.value}${choice === theme.value ? ' is-on' : ''}`} title={theme.hint}>
            <input type="radio" name="theme" value={theme.value} checked={choice === theme.value} onChange={() => pick(theme.value)} />
            <span className="theme-swatch" aria-hidden="true" />
            <span>{theme.label}</span>
          </label>
        ))}
      </div>
    </section>
  );
}
