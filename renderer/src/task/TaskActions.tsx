import { useState } from 'react';
import type { ShipStateView, TaskDetail, TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { Icon } from '../ui/Icon';
import { isActive } from '../ui/status';
import { toast } from '../ui/toasts';
import { BranchDialog } from './BranchDialog';
import { ExportMenu } from './ExportMenu';
import { PushDialog } from './PushDialog';
import { type ShipKind, ShipAgainActions } from './ShipAgainActions';
import { useTaskSession } from './taskContext';

/** Why the result actions of a Code task cannot run yet, or null when they can. */
function resultBlocker(detail: TaskDetail): string | null {
  if (!detail.turns.some((t) => t.hasResult)) return isActive(detail.task.status) ? 'Available when the first turn finishes' : 'This task has no result to use';
  return null;
}

async function openPullRequestPage(task: TaskView): Promise<undefined> {
  const remotes = await bridge.call('tasks.remotes', { id: task.id });
  const remote = remotes.includes('origin') ? 'origin' : remotes[0];
  if (!remote) throw new Error(`${task.repoPath} has no remote to open a pull request on: add one (git remote add origin URL) and push the branch first`);
  const { url } = await bridge.call('tasks.pullRequestUrl', { id: task.id, remote });
  // The Electron shell sends new windows to the OS browser; a browser opens a tab.
  window.open(url, '_blank', 'noopener');
  return undefined;
}

interface TaskActionsProps {
  detail: TaskDetail;
  /** Where the task's branch and push stand, for "Update branch" and "Push again". */
  ship: ShipStateView | null;
  onShipped: () => void;
  onError: (message: string | null) => void;
}

/** The task's actions. Successes show as toasts; engine errors go to `onError`, shown in the view. */
export function TaskActions({ detail, ship, onShipped, onError }: TaskActionsProps) {
  const session = useTaskSession();
  // A dialog opened by a refused "Update branch" or "Push again" starts with the refusal.
  const [dialog, setDialog] = useState<{ kind: ShipKind; refusal?: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { task } = detail;
  const active = isActive(task.status);
  const blocker = resultBlocker(detail);

  const shipped = (): void => {
    onShipped();
    session.refreshDetail();
  };

  const run = (name: string, action: () => Promise<TaskView | undefined>, done?: string): void => {
    setBusy(name);
    onError(null);
    action()
      .then((row) => {
        if (row) session.applyRow(row);
        session.refreshDetail();
        if (done) toast(done);
      })
      .catch((error: unknown) => onError(errorMessage(error)))
      .finally(() => setBusy(null));
  };

  return (
    <div className="tv-actions" role="toolbar" aria-label="Task actions">
      {active ? (
        <Button size="sm" busy={busy === 'cancel'} disabled={busy !== null} tip="Stop the agent and keep what it did so far" onClick={() => run('cancel', () => bridge.call('tasks.cancel', { id: task.id }))}>
          Cancel
        </Button>
      ) : (
        <Button size="sm" busy={busy === 'retry'} disabled={busy !== null} tip="Run the last turn again from the same starting point" onClick={() => run('retry', () => bridge.call('tasks.retry', { id: task.id }))}>
          Retry
        </Button>
      )}
      {task.mode === 'code' && (
        <>
          <ExportMenu
            task={task}
            disabledReason={blocker}
            onDone={(text) => {
              toast(text);
              session.refreshDetail();
            }}
            onError={onError}
          />
          <ShipAgainActions
            task={task}
            ship={blocker === null ? ship : null}
            onShipped={shipped}
            onRefused={(kind, refusal) => {
              setDialog({ kind, refusal });
              // A refused push may still have brought the local branch up to date first.
              shipped();
            }}
          />
          <Button size="sm" disabled={blocker !== null} tip={blocker ?? 'Create a branch with these changes in your repository'} onClick={() => setDialog({ kind: 'branch' })}>
            <Icon name="branch" size={14} />
            Create branch
          </Button>
          <Button size="sm" disabled={blocker !== null} tip={blocker ?? 'Push these changes as a branch to a remote'} onClick={() => setDialog({ kind: 'push' })}>
            <Icon name="upload" size={14} />
            Push
          </Button>
          <Button
            size="sm"
            busy={busy === 'pr'}
            disabled={blocker !== null || busy !== null}
            tip={blocker ?? "Open the remote's page for a pull request from the pushed branch"}
            onClick={() => run('pr', () => openPullRequestPage(task))}
          >
            Open pull request page
          </Button>
        </>
      )}
      <Button
        size="sm"
        variant="ghost"
        busy={busy === 'archive'}
        disabled={busy !== null}
        tip={task.archived ? 'Move it back to the task list' : 'Hide it from the task list; it stays under Archived'}
        onClick={() => run('archive', () => bridge.call('tasks.archive', { id: task.id, archived: !task.archived }), task.archived ? 'Moved back to the task list' : 'Archived; find it under Archived')}
      >
        <Icon name="archive" size={14} />
        {task.archived ? 'Unarchive' : 'Archive'}
      </Button>
      {dialog?.kind === 'branch' && <BranchDialog task={task} refusal={dialog.refusal} onClose={() => setDialog(null)} onCreated={shipped} />}
      {dialog?.kind === 'push' && <PushDialog task={task} refusal={dialog.refusal} onClose={() => setDialog(null)} onPushed={shipped} />}
    </div>
  );
}
