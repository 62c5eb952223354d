import type { ReactNode } from 'react';
import { useMenu } from './useMenu';
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
  const { open, setOpen, menu, button, onMenuKey } = useMenu();

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
