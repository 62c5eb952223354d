import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Button } from '../ui/Button';

export interface MenuAction {
  label: string;
  /** Why it cannot run now, shown as its tooltip; null when it can. */
  disabledReason: string | null;
  tip: string;
  run: () => void;
}

interface ActionMenuProps {
  label: ReactNode;
  /** The accessible name of the button and its menu. */
  name: string;
  actions: readonly MenuAction[];
  busy?: boolean;
}

/** A button that opens a menu of actions, with arrow keys and Esc as in the other menus. */
export function ActionMenu({ label, name, actions, busy = false }: ActionMenuProps) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
    const close = (e: MouseEvent): void => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const onMenuKey = (e: KeyboardEvent): void => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      // Handled here, so the app's Esc (go back) leaves it alone.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };

  return (
    <div className="tv-menu-anchor">
      <Button ref={button} size="sm" aria-haspopup="menu" aria-expanded={open} aria-label={name} busy={busy} tip={name} onClick={() => setOpen((v) => !v)}>
        {label}
      </Button>
      {open && (
        <div ref={menu} role="menu" aria-label={name} className="tv-menu" onKeyDown={onMenuKey}>
          {actions.map((action) => (
            <button
              key={action.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="tv-menu-item"
              // Focusable while disabled, so its reason can be read.
              aria-disabled={action.disabledReason !== null}
              title={action.disabledReason ?? action.tip}
              onClick={() => {
                if (action.disabledReason !== null) return;
                setOpen(false);
                action.run();
              }}
            >
              {action.label}
              {action.disabledReason !== null && <span className="tv-menu-reason">{action.disabledReason}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
