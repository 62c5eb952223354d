const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "45s", "3m 20s", "2h 5m". */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < MINUTE) return `${Math.floor(safe / SECOND)}s`;
  if (safe < HOUR) {
    const seconds = Math.floor((safe % MINUTE) / SECOND);
    return `${Math.floor(safe / MINUTE)}m${seconds ? ` ${seconds}s` : ''}`;
  }
  const minutes = Math.floor((safe % HOUR) / MINUTE);
  return `${Math.floor(safe / HOUR)}h${minutes ? ` ${minutes}m` : ''}`;
}

/** "just now", "5m ago", "3h ago", "2d ago", then a date. */
export function formatAge(at: number, now: number): string {
  const ago = now - at;
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)}m ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)}h ago`;
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)}d ago`;
  return new Date(at).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: ago > 300 * DAY ? 'numeric' : undefined });
}

/** The last part of a path: the repository's folder name. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? path;
}
