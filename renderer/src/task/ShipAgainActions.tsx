import { useState } from 'react';
import { describeRefMove } from '../../../shared/refMove';
import type { ShipStateView, TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import { shippedStatus } from './shipStatus';

export type ShipKind = 'branch' | 'push';

interface ShipAgainProps {
  task: TaskView;
  ship: ShipStateView | null;
  onShipped: () => void;
  /** A refusal goes to the dialog, which explains it and offers the explicit replace choice. */
  onRefused: (kind: ShipKind, message: string) => void;
}

/**
 * "Update branch" and "Push again": one click each once a follow-up left the branch or the
 * pushed branch behind the task's newest result. Both only fast-forward; never force.
 */
export function ShipAgainActions({ task, ship, onShipped, onRefused }: ShipAgainProps) {
  const [busy, setBusy] = useState<ShipKind | null>(null);
  const latest = ship?.latest;
  if (!latest) return null;
  const branch = ship.branch;
  const pushed = ship.pushed;
  const branchStatus = branch ? shippedStatus(branch, latest) : null;
  const pushedStatus = pushed ? shippedStatus(pushed, latest) : null;

  const act = (kind: ShipKind, call: () => Promise<string>): void => {
    setBusy(kind);
    call()
      .then((text) => {
        toast(text);
        onShipped();
      })
      .catch((error: unknown) => onRefused(kind, errorMessage(error)))
      .finally(() => setBusy(null));
  };
  // A branch holding a commit shipped with the user's message takes new turns as one commit on it.
  const stacked = !ship.turnCommitsFit && ship.commitMessage !== null ? { message: ship.commitMessage } : {};
  const updateBranch = async (): Promise<string> => {
    const result = await bridge.call('tasks.createBranch', { id: task.id, ...stacked });
    return describeRefMove(result.name, result.move);
  };
  const pushAgain = async (): Promise<string> => {
    const result = await bridge.call('tasks.push', { id: task.id, ...stacked });
    return describeRefMove(`${result.branch} on ${result.remote}`, result.move);
  };

  return (
    <>
      {branch && (branchStatus === 'behind' || branchStatus === 'moved') && (
        <Button
          size="sm"
          busy={busy === 'branch'}
          disabled={busy !== null}
          tip={
            branchStatus === 'behind'
              ? `Fast-forward ${branch.name} in ${task.repoPath} from turn ${branch.turn} to turn ${latest.turn}`
              : `${branch.name} has commits not from this task: updating explains what, and offers to replace it`
          }
          onClick={() => act('branch', updateBranch)}
        >
          <Icon name="branch" size={14} />
          <span className="tv-action-label">Update branch</span>
        </Button>
      )}
      {pushed && pushedStatus !== 'current' && pushedStatus !== 'gone' && (
        <Button
          size="sm"
          busy={busy === 'push'}
          disabled={busy !== null}
          tip={`Push turn ${latest.turn} to ${pushed.remote} as ${pushed.name}${pushedStatus === 'behind' ? `, a fast-forward from turn ${pushed.turn}` : ' (fast-forward only)'}`}
          onClick={() => act('push', pushAgain)}
        >
          <Icon name="upload" size={14} />
          <span className="tv-action-label">Push again</span>
        </Button>
      )}
    </>
  );
}
