import { useEffect, useState } from 'react';
import { bridge } from '../bridge';
import { errorMessage } from '../ui/errorMessage';

export interface Branches {
  branches: string[];
  current: string | null;
  error: string | null;
}

/** The local branches of an environment's repository, most recently committed first. */
export function useBranches(environmentId: string | null): Branches | null {
  const [result, setResult] = useState<{ id: string; branches: Branches } | null>(null);
  useEffect(() => {
    if (!environmentId) return;
    let live = true;
    bridge.call('environments.branches', { id: environmentId }).then(
      (found) => live && setResult({ id: environmentId, branches: { ...found, error: null } }),
      (error: unknown) => live && setResult({ id: environmentId, branches: { branches: [], current: null, error: errorMessage(error) } }),
    );
    return () => {
      live = false;
    };
  }, [environmentId]);
  return result && result.id === environmentId ? result.branches : null;
}
