import { useState } from 'react';

const KEY_PREFIX = 'codebay.diff.viewed.';

function read(taskId: string): Set<string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY_PREFIX + taskId) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string') : []);
  } catch {
    // A damaged entry only loses the marks.
    return new Set();
  }
}

/** The files of a task the reader marked as viewed, kept in this browser across reloads. */
export function useViewedFiles(taskId: string): { viewed: ReadonlySet<string>; setViewed: (path: string, value: boolean) => void } {
  const [viewed, setState] = useState(() => read(taskId));
  const setViewed = (path: string, value: boolean): void => {
    const next = new Set(viewed);
    if (value) next.add(path);
    else next.delete(path);
    localStorage.setItem(KEY_PREFIX + taskId, JSON.stringify([...next]));
    setState(next);
  };
  return { viewed, setViewed };
}
