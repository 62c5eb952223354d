import { useState } from 'react';
import { MODES } from '../../../shared/modes';
import type { ShipStateView, TaskDetail, TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { openTask } from '../state/router';
import { useTaskList } from '../state/taskListStore';
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

/** Why the task's changes cannot be reviewed yet, or null when they can. */
function reviewBlocker(task: TaskView, resultBlocker: string | null): string | null {
  if (isActive(task.status)) return 'Available when the agent finishes';
  if (resultBlocker) return resultBlocker;
  return task.filesChanged === 0 ? 'This task changed no files: there is nothing to review' : null;
}

/** Starts a review of the task's result and shows it. */
async function startReview(task: TaskView): Promise<undefined> {
  const review = await bridge.call('tasks.review', { target: { kind: 'task', taskId: task.id } });
  useTaskList.getState().addCreated([review]);
  toast(`Reviewing “${task.title}”`);
  openTask(review.id);
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
  const keepsChanges = MODES[task.mode].keepsChanges;
  const cannotReview = reviewBlocker(task, blocker);

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
      {keepsChanges && (
        <>
          <Button size="sm" busy={busy === 'review'} disabled={cannotReview !== null || busy !== null} tip={cannotReview ?? 'Have the agent review these changes and report what to fix'} onClick={() => run('review', () => startReview(task))}>
            <Icon name="search" size={14} />
            Review
          </Button>
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
          {ship?.pullRequestUrl && (
            <Button
              size="sm"
              tip="Open the forge's page for a pull request from the pushed branch"
              // The Electron shell sends new windows to the OS browser; a browser opens a tab.
              onClick={() => window.open(ship.pullRequestUrl ?? '', '_blank', 'noopener')}
            >
              Open pull request page
            </Button>
          )}
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
      {dialog?.kind === 'branch' && <BranchDialog task={task} ship={ship} refusal={dialog.refusal} onClose={() => setDialog(null)} onCreated={shipped} />}
      {dialog?.kind === 'push' && <PushDialog task={task} ship={ship} refusal={dialog.refusal} onClose={() => setDialog(null)} onPushed={shipped} />}
    </div>
  );
}
