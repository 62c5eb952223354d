import { useState } from 'react';
import type { FindingView } from '../../../shared/findings';
import { bridge } from '../bridge';
import { openTask } from '../state/router';
import { useTaskList } from '../state/taskListStore';
import { errorMessage } from '../ui/errorMessage';
import { toast } from '../ui/toasts';
import { useTaskSession, useTaskState } from './taskContext';

export interface FindingActions {
  /** The finding an action is running on, so its buttons wait. */
  busy: string | null;
  /** "Fix this": the fix goes to the reviewed task or a new one, which is then shown. */
  fix(finding: FindingView): void;
  dismiss(finding: FindingView, dismissed: boolean): void;
  /** Shows the task that carries a finding's fix. */
  openFix(finding: FindingView): void;
}

/** What the Findings tab and the diff's finding cards do, the same way in both; failures go to `onError`. */
export function useFindingActions(onError: (message: string) => void): FindingActions {
  const session = useTaskSession();
  const reviewed = useTaskState((s) => s.detail?.task.reviewTarget ?? null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = (finding: FindingView, action: () => Promise<void>): void => {
    if (busy) return;
    setBusy(finding.id);
    action()
      .catch((error: unknown) => onError(errorMessage(error)))
      .finally(() => setBusy(null));
  };

  return {
    busy,
    fix: (finding) =>
      act(finding, async () => {
        const { task, turn, finding: marked } = await bridge.call('findings.fix', { id: finding.id });
        session.applyFinding(marked);
        useTaskList.getState().addCreated([task]);
        const followUp = reviewed?.kind === 'task' && reviewed.taskId === task.id;
        toast(followUp ? `Fix queued as turn ${turn} of “${task.title}”` : `Started Code task “${task.title}” to fix it`);
        openTask(task.id);
      }),
    dismiss: (finding, dismissed) =>
      act(finding, async () => {
        session.applyFinding(await bridge.call('findings.dismiss', { id: finding.id, dismissed }));
      }),
    openFix: (finding) => {
      if (finding.fixTaskId) openTask(finding.fixTaskId);
    },
  };
}
