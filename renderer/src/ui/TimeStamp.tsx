import { formatAge } from './format';
import { useNow } from './useNow';

/** "2m ago" (or a compact clock time), with the full local date and time on hover. */
export function TimeStamp({ at, clock = false, className }: { at: number; clock?: boolean; className?: string }) {
  // A clock time never changes, so only relative stamps tick.
  const now = useNow(30_000, !clock);
  const date = new Date(at);
  const text = clock ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : formatAge(at, now);
  return (
    <time className={className} dateTime={date.toISOString()} title={date.toLocaleString()}>
      {text}
    </time>
  );
}
