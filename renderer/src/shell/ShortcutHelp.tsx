import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { Kbd } from '../ui/Kbd';
import { SHORTCUTS } from './shortcuts';

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose} footer={<Button onClick={onClose}>Close</Button>} className="shortcut-help">
      {SHORTCUTS.map((group) => (
        <section key={group.title} className="shortcut-group">
          <h3>{group.title}</h3>
          <dl>
            {group.items.map((item) => (
              <div key={item.what} className="shortcut-row">
                <dt>
                  {item.keys.map((keys, i) => (
                    <span key={keys}>
                      {i > 0 && <span className="shortcut-or">or</span>}
                      {keys.split(' ').map((key) => (
                        <Kbd key={key} keys={key} />
                      ))}
                    </span>
                  ))}
                </dt>
                <dd>{item.what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </Dialog>
  );
}
