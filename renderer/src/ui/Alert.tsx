import type { ReactNode } from 'react';
import { Icon } from './Icon';

export interface AlertProps {
  kind?: 'error' | 'warning' | 'success' | 'info';
  children: ReactNode;
  action?: ReactNode;
  className?: string;
  /** The accessible name, when the message is one a user looks for (a test's outcome, say). */
  label?: string;
  /** Errors interrupt by default; an outcome the user waits for is announced politely. */
  polite?: boolean;
}

/** An inline message next to what it is about; errors are announced at once. */
export function Alert({ kind = 'error', children, action, className, label, polite = false }: AlertProps) {
  const icon = kind === 'success' ? 'check' : kind === 'info' ? 'question' : 'warning';
  return (
    <div role={kind === 'error' && !polite ? 'alert' : 'status'} aria-label={label} className={`alert alert-${kind}${className ? ` ${className}` : ''}`}>
      <Icon name={icon} className="alert-icon" />
      <div className="alert-body">{children}</div>
      {action && <div className="alert-action">{action}</div>}
    </div>
  );
}
