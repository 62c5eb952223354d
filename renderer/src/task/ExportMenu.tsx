import { useState } from 'react';
import { useMenu } from './useMenu';
import type { TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { Icon } from '../ui/Icon';
import { downloadText } from './download';

interface ExportMenuProps {
  task: TaskView;
  disabledReason: string | null;
  onDone: (message: string) => void;
  onError: (message: string) => void;
}

type ExportChoice = { label: string; run: (task: TaskView) => Promise<string> };

const CHOICES: ExportChoice[] = [
  {
    label: 'Save patch file',
    run: async (task) => {
      const { text, filename } = await bridge.call('tasks.exportPatch', { id: task.id, format: 'patch' });
      downloadText(text, filename);
      return `Saved ${filename}; apply it with git apply.`;
    },
  },
  {
    label: 'Save mbox for git am',
    run: async (task) => {
      const { text, filename } = await bridge.call('tasks.exportPatch', { id: task.id, format: 'mbox' });
      downloadText(text, filename, 'application/mbox');
      return `Saved ${filename}; apply it with git am to keep the commit message.`;
    },
  },
  {
    label: 'Copy patch to clipboard',
    run: async (task) => {
      const { text } = await bridge.call('tasks.exportPatch', { id: task.id, format: 'patch' });
      await navigator.clipboard.writeText(text).catch((error: unknown) => {
        throw new Error(`Could not copy to the clipboard (${errorMessage(error)}); save the patch file instead`);
      });
      return 'Copied the patch to the clipboard.';
    },
  },
];

/** "Export patch" and its menu: save a .patch or .mbox file, or copy the patch. */
export function ExportMenu({ task, disabledReason, onDone, onError }: ExportMenuProps) {
  const { open, setOpen, menu, button, onMenuKey } = useMenu();
  const [busy, setBusy] = useState(false);

  const choose = (choice: ExportChoice): void => {
    setOpen(false);
    setBusy(true);
    choice
      .run(task)
      .then(onDone, (error: unknown) => onError(errorMessage(error)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="tv-menu-anchor">
      <Button
        ref={button}
        size="sm"
        aria-haspopup="menu"
        aria-expanded={open}
        busy={busy}
        disabled={disabledReason !== null}
        tip={disabledReason ?? 'Save the changes as a patch file, or copy them'}
        onClick={() => setOpen((v) => !v)}
      >
        <Icon name="download" size={14} />
        <span className="tv-action-label">Export patch</span>
      </Button>
      {open && (
        <div ref={menu} role="menu" aria-label="Export patch" className="tv-menu" onKeyDown={onMenuKey}>
          {CHOICES.map((choice) => (
            <button key={choice.label} type="button" role="menuitem" tabIndex={-1} className="tv-menu-item" onClick={() => choose(choice)}>
              {choice.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
