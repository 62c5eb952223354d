import { parsePushTarget } from '../../../shared/pushTarget';
import type { ShippedView, ShipStateView, TaskView } from '../../../shared/types';

/**
 * Where a shipped branch stands against the task's newest result: at it, at an earlier
 * turn's (a fast-forward brings it up), somewhere this task never made (moving it needs
 * a choice), deleted, or unknown (the repository has no record of the remote's branch).
 */
export type ShippedStatus = 'current' | 'behind' | 'moved' | 'gone' | 'unknown';

export function shippedStatus(shipped: ShippedView, latest: { turn: number; commit: string }): ShippedStatus {
  if (shipped.commit === null) return shipped.remote ? 'unknown' : 'gone';
  // A commit Codebay shipped with the user's message counts as the turn whose tree it has.
  if (shipped.commit === latest.commit || (shipped.turn !== null && shipped.turn === latest.turn)) return 'current';
  return shipped.turn === null ? 'moved' : 'behind';
}

/** A header note on what was shipped, and what of the task it lacks (shown as a warning). */
export interface ShipMarker {
  text: string;
  behind: string | null;
}

/** The header's note on the task's branch, e.g. "branch codebay/x at turn 1" + "turn 2 not on it". */
export function branchMarker(task: TaskView, ship: ShipStateView | null): ShipMarker | null {
  if (!task.branchName) return null;
  const text = `branch ${task.branchName}`;
  if (!ship?.branch || !ship.latest) return { text, behind: null };
  switch (shippedStatus(ship.branch, ship.latest)) {
    case 'behind':
      return { text: `${text} at turn ${ship.branch.turn}`, behind: `turn ${ship.latest.turn} not on it` };
    case 'moved':
      return { text, behind: 'has commits not from this task' };
    case 'gone':
      return { text, behind: 'was deleted' };
    default:
      return { text, behind: null };
  }
}

/** The header's note on the push, e.g. "pushed turn 1 to origin codebay/x" + "turn 2 not pushed". */
export function pushedMarker(task: TaskView, ship: ShipStateView | null): ShipMarker | null {
  const target = parsePushTarget(task.pushedTo);
  if (!target) return null;
  const where = `${target.remote} ${target.branch}`;
  if (!ship?.pushed || !ship.latest) return { text: `pushed to ${where}`, behind: null };
  switch (shippedStatus(ship.pushed, ship.latest)) {
    case 'behind':
      return { text: `pushed turn ${ship.pushed.turn} to ${where}`, behind: `turn ${ship.latest.turn} not pushed` };
    case 'moved':
      return { text: `pushed to ${where}`, behind: 'which has commits not from this task' };
    case 'current':
      return { text: `pushed turn ${ship.latest.turn} to ${where}`, behind: null };
    default:
      return { text: `pushed to ${where}`, behind: null };
  }
}
