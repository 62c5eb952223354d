import { useState } from 'react';
import { bridge } from '../bridge';
import { useTaskList } from '../state/taskListStore';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { isActive } from '../ui/status';
import { toast } from '../ui/toasts';

async function archiveAll(ids: readonly string[], archived: boolean): Promise<void> {
  await Promise.all(ids.map((id) => bridge.call('tasks.archive', { id, archived })));
  await useTaskList.getState().reload(true);
}

/** What can be done to the ticked tasks at once: archive (with Undo) or cancel the running ones. */
export function BulkActions() {
  const checked = useTaskList((state) => state.checked);
  const tasks = useTaskList((state) => state.tasks);
  const [busy, setBusy] = useState(false);
  if (checked.size === 0) return null;
  const ids = [...checked];
  const cancellable = tasks.filter((t) => checked.has(t.id) && isActive(t.status)).map((t) => t.id);

  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await action();
      useTaskList.getState().clearChecked();
    } catch (error) {
      toast(`Could not change the selected tasks: ${errorMessage(error)}. Reload the list and try again.`, 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bulk-actions" role="toolbar" aria-label="Selected tasks">
      <span className="bulk-count">{ids.length} selected</span>
      <Button
        size="sm"
        busy={busy}
        onClick={() =>
          void run(async () => {
            await archiveAll(ids, true);
            toast(`Archived ${ids.length} ${ids.length === 1 ? 'task' : 'tasks'}`, 'success', {
              label: 'Undo',
              run: () => void archiveAll(ids, false).catch((error: unknown) => toast(`Could not bring the tasks back: ${errorMessage(error)}. Find them under Archived.`, 'error')),
            });
          })
        }
      >
        Archive
      </Button>
      <Button
        size="sm"
        disabled={cancellable.length === 0}
        tip={cancellable.length === 0 ? 'None of the selected tasks is queued or running' : `Cancel ${cancellable.length} queued or running`}
        onClick={() => void run(async () => void (await Promise.all(cancellable.map((id) => bridge.call('tasks.cancel', { id })))))}
      >
        Cancel
      </Button>
      <Button size="sm" variant="ghost" onClick={() => useTaskList.getState().clearChecked()}>
        Clear
      </Button>
    </div>
  );
}
