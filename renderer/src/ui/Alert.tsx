import type { ReactNode } from 'react';
import { Icon } from './Icon';

export interface AlertProps {
  kind?: 'error' | 'warning' | 'success' | 'info';
  children: ReactNode;
  action?: ReactNode;
  className?: string;
}

/** An inline message next to what it is about; errors are announced at once. */
export function Alert({ kind = 'error', children, action, className }: AlertProps) {
  const icon = kind === 'success' ? 'check' : kind === 'info' ? 'question' : 'warning';
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} className={`alert alert-${kind}${className ? ` ${className}` : ''}`}>
      <Icon name={icon} className="alert-icon" />
      <div className="alert-body">{children}</div>
      {action && <div className="alert-action">{action}</div>}
    </div>
  );
}
