import { defaultBranchName } from '../../../shared/branchName';
import type { TaskView } from '../../../shared/types';

/** The name the engine would pick, shown up front so the user can edit it. */
export function suggestedBranchName(task: TaskView): string {
  return task.branchName ?? defaultBranchName(task);
}
