import { defaultBranchName } from '../../../shared/branchName';
import type { ShipStateView, TaskView } from '../../../shared/types';

/** The name the engine would pick (its suggestion knows which names are taken), shown up front so the user can edit it. */
export function suggestedBranchName(task: TaskView, ship: ShipStateView | null): string {
  return task.branchName ?? ship?.suggestedBranch ?? defaultBranchName(task);
}
