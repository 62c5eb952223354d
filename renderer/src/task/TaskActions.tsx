import { useState } from 'react';
import { MODES } from '../../../shared/modes';
import type { ShipStateView, TaskDetail, TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { useComposer } from '../home/composerStore';
import { navigate, openTask } from '../state/router';
import { useTaskList } from '../state/taskListStore';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { Icon } from '../ui/Icon';
import { isActive } from '../ui/status';
import { toast } from '../ui/toasts';
import { ActionMenu, type MenuAction } from './ActionMenu';
import { BranchDialog } from './BranchDialog';
import { plainCitations } from './citations';
import { ExportMenu } from './ExportMenu';
import { PullRequestDialog } from './PullRequestDialog';
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

/** The engine's own refusal, said before asking it: a finished task that changed nothing has nothing to ship. */
function noChangesBlocker(task: TaskView, action: string): string | null {
  return !isActive(task.status) && task.filesChanged === 0 ? `“${task.title}” changed no files, so there is nothing to ${action}` : null;
}

/** Puts a Code task about an Ask task's answer in the composer, for the reader to finish and start. */
function startCodeTaskFrom(detail: TaskDetail): void {
  const answer = detail.turns.map((t) => t.summary ?? '').filter(Boolean).at(-1) ?? '';
  const prompt = `Make the change this answer describes.\n\nQuestion: ${detail.task.prompt}\n\nAnswer:\n${plainCitations(answer)}\n`;
  useComposer.getState().set({ prompt, environmentId: detail.task.environmentId, baseRef: detail.task.baseRef });
  navigate({ name: 'home' });
}

/** Applies the task's change to the user's working tree, and says what happened. */
async function applyToWorkingTree(task: TaskView): Promise<undefined> {
  const { files, conflicts } = await bridge.call('tasks.applyToWorkingTree', { id: task.id });
  if (conflicts.length > 0) toast(`Applied to ${task.repoPath} with conflicts in ${conflicts.join(', ')}: resolve them there`, 'error');
  else toast(`Applied ${files} changed file${files === 1 ? '' : 's'} to ${task.repoPath}; nothing was committed`);
  return undefined;
}

/** Starts a review of the task's result and shows it. */
async function startReview(task: TaskView): Promise<undefined> {
  const review = await bridge.call('tasks.review', { target: { kind: 'task', taskId: task.id } });
  useTaskList.getState().addCreated([review]);
  toast(`Reviewing “${task.title}”`);
  openTask(review.id);
  return undefined;
}

async function setArchived(id: string, archived: boolean): Promise<void> {
  await bridge.call('tasks.archive', { id, archived });
  await useTaskList.getState().reload(true);
}

/** An archived task is done with: go back to the list, with a way to take it back. */
async function archiveAndLeave(task: TaskView): Promise<undefined> {
  await bridge.call('tasks.archive', { id: task.id, archived: true });
  navigate({ name: 'home' });
  toast(`Archived “${task.title}”`, 'success', {
    label: 'Undo',
    run: () => void setArchived(task.id, false).catch((error: unknown) => toast(`Could not bring the task back: ${errorMessage(error)}. Find it under Archived.`, 'error')),
  });
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
  const [dialog, setDialog] = useState<{ kind: ShipKind | 'pullRequest'; refusal?: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { task } = detail;
  const active = isActive(task.status);
  const blocker = resultBlocker(detail);
  const keepsChanges = MODES[task.mode].keepsChanges;
  const cannotReview = reviewBlocker(task, blocker);
  const cannotExport = blocker ?? noChangesBlocker(task, 'export');
  const cannotBranch = blocker ?? noChangesBlocker(task, 'put on a branch');
  const cannotPush = blocker ?? noChangesBlocker(task, 'push');
  const cannotApply = cannotReview === null ? null : active ? 'Available when the agent finishes' : (blocker ?? noChangesBlocker(task, 'apply'));
  const answers = !keepsChanges && !MODES[task.mode].reviews;

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

  const moreActions: MenuAction[] = [
    ...(keepsChanges
      ? [
          { label: 'Apply to my working tree', disabledReason: busy !== null ? 'Another action is running' : cannotApply, tip: `Apply the changes to the files in ${task.repoPath} (git apply --3way); refused if it has uncommitted changes`, run: () => run('apply', () => applyToWorkingTree(task)) },
        ]
      : []),
    ...(keepsChanges && ship?.pullRequestUrl ? [{ label: 'Open pull request…', disabledReason: null, tip: 'Write the title and description, then open the forge’s page for a pull request from the pushed branch', run: () => setDialog({ kind: 'pullRequest' }) }] : []),
    ...(answers
      ? [{ label: 'Start a Code task from this answer', disabledReason: detail.turns.some((t) => t.summary) ? null : 'Available when the agent has answered', tip: 'Open a new Code task with this question and answer filled in', run: () => startCodeTaskFrom(detail) }]
      : []),
    {
      label: task.archived ? 'Unarchive' : 'Archive',
      disabledReason: busy !== null ? 'Another action is running' : null,
      tip: task.archived ? 'Move it back to the task list' : 'Hide it from the task list; it stays under Archived',
      run: () => (task.archived ? run('archive', () => bridge.call('tasks.archive', { id: task.id, archived: false }), 'Moved back to the task list') : run('archive', () => archiveAndLeave(task))),
    },
  ];

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
            <span className="tv-action-label">Review</span>
          </Button>
          <ExportMenu
            task={task}
            disabledReason={cannotExport}
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
          <Button size="sm" disabled={cannotBranch !== null} tip={cannotBranch ?? 'Create a branch with these changes in your repository'} onClick={() => setDialog({ kind: 'branch' })}>
            <Icon name="branch" size={14} />
            <span className="tv-action-label">Create branch</span>
          </Button>
          <Button size="sm" disabled={cannotPush !== null} tip={cannotPush ?? 'Push these changes as a branch to a remote'} onClick={() => setDialog({ kind: 'push' })}>
            <Icon name="upload" size={14} />
            <span className="tv-action-label">Push</span>
          </Button>
        </>
      )}
      <ActionMenu label="More ▾" name="More task actions" busy={busy === 'apply' || busy === 'archive'} actions={moreActions} />
      {dialog?.kind === 'branch' && <BranchDialog task={task} ship={ship} refusal={dialog.refusal} onClose={() => setDialog(null)} onCreated={shipped} />}
      {dialog?.kind === 'push' && <PushDialog task={task} ship={ship} refusal={dialog.refusal} onClose={() => setDialog(null)} onPushed={shipped} />}
      {dialog?.kind === 'pullRequest' && ship?.pullRequestUrl && <PullRequestDialog detail={detail} pageUrl={ship.pullRequestUrl} onClose={() => setDialog(null)} />}
    </div>
  );
}
