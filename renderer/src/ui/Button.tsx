import type { ButtonHTMLAttributes, Ref } from 'react';
import { withShortcut } from './keys';
import { Spinner } from './Spinner';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  /** Shows a spinner and blocks clicks while an action runs. */
  busy?: boolean;
  /** A shortcut such as "Mod+Enter", added to the tooltip. */
  shortcut?: string;
  /** Tooltip text; defaults to the button's text when a shortcut is given. */
  tip?: string;
  ref?: Ref<HTMLButtonElement>;
}

export function Button({ variant = 'secondary', size = 'md', busy = false, shortcut, tip, className, children, disabled, type = 'button', ...rest }: ButtonProps) {
  const label = tip ?? (typeof children === 'string' ? children : undefined);
  const title = label ? withShortcut(label, shortcut) : undefined;
  const classes = ['btn', `btn-${variant}`, size === 'sm' ? 'btn-sm' : '', busy ? 'is-busy' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type} className={classes} title={title} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy && <Spinner size={12} />}
      {children}
    </button>
  );
}
