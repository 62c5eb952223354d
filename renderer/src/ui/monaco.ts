import type { monaco as MonacoNamespace } from './monacoSetup';

export type MonacoApi = typeof MonacoNamespace;

let loading: Promise<MonacoApi> | undefined;

/**
 * Monaco, loaded on first use so screens without an editor stay light; its one
 * setup (worker, languages, theme that follows the page) lives in monacoSetup.ts.
 */
export function loadMonaco(): Promise<MonacoApi> {
  loading ??= import('./monacoSetup').then((setup) => {
    setup.followPageTheme();
    return setup.monaco;
  });
  return loading;
}
