import type { TaskStatus } from '../../../shared/events';
import { Icon } from './Icon';
import { Spinner } from './Spinner';

/** The glyph for a task status: a spinner while it runs. Pair it with statusText for words. */
export function StatusIcon({ status, size = 16 }: { status: TaskStatus; size?: number }) {
  switch (status) {
    case 'preparing':
    case 'running':
      return <Spinner size={size - 2} className="status-spinner" />;
    case 'queued':
      return <Icon name="clock" size={size} className="status-icon status-queued" />;
    case 'succeeded':
      return <Icon name="check" size={size} className="status-icon status-succeeded" />;
    case 'failed':
      return <Icon name="x" size={size} className="status-icon status-failed" />;
    case 'cancelled':
      return <Icon name="slash" size={size} className="status-icon status-cancelled" />;
    case 'interrupted':
      return <Icon name="pause" size={size} className="status-icon status-interrupted" />;
  }
}

/** Icon plus words, e.g. for headers: "⟳ Running · agent". */
export function StatusBadge({ status, text }: { status: TaskStatus; text: string }) {
  return (
    <span className={`status-badge status-badge-${status}`}>
      <StatusIcon status={status} size={14} />
      {text}
    </span>
  );
}
