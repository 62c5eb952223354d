import { useDoctor } from './doctorStore';
import { useEnvironments } from './environmentsStore';
import { useSettings } from './settingsStore';

/** While the check shows a problem, it runs again this often, so a fix made elsewhere shows. */
const PROBLEM_RECHECK_MS = 20_000;

/**
 * Keeps the system check (the sidebar dot, the Tasks page's warning) true to the setup: it runs
 * again after every change to providers, the default provider or environments, and every
 * little while as long as it shows a problem. Returns the stop.
 */
export function keepSystemCheckFresh(): () => void {
  const recheck = (): void => void useDoctor.getState().recheck();
  // Loading the lists the first time is no change: only edits after that are.
  const offSettings = useSettings.subscribe((state, previous) => {
    if (previous.status !== 'ready') return;
    if (state.providers !== previous.providers || state.settings?.defaultProviderId !== previous.settings?.defaultProviderId) recheck();
  });
  const offEnvironments = useEnvironments.subscribe((state, previous) => {
    if (previous.status === 'ready' && state.environments !== previous.environments) recheck();
  });
  const timer = setInterval(() => {
    const { status, report } = useDoctor.getState();
    const problem = status === 'failed' || (status === 'done' && report?.ok === false);
    if (problem && document.visibilityState === 'visible') recheck();
  }, PROBLEM_RECHECK_MS);
  return () => {
    offSettings();
    offEnvironments();
    clearInterval(timer);
  };
}
