import { type FormEvent, useId, useState } from 'react';
import type { MethodResult } from '../../../shared/protocol';
import { describeRefMove } from '../../../shared/refMove';
import type { ShipStateView, TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { errorMessage } from '../ui/errorMessage';
import { suggestedBranchName } from './branchName';
import { CommitMessageField } from './CommitMessageField';
import { useCommitMessage } from './useCommitMessage';

type BranchState = { kind: 'editing' } | { kind: 'working' } | { kind: 'created'; result: MethodResult<'tasks.createBranch'>; forced: boolean } | { kind: 'failed'; message: string };

interface BranchDialogProps {
  task: TaskView;
  ship: ShipStateView | null;
  /** Why "Update branch" was refused, shown from the start beside the choice to replace the branch. */
  refusal?: string | undefined;
  onClose: () => void;
  onCreated: () => void;
}

/**
 * Creates a branch in the user's repository at the task's result, or brings the task's branch up
 * to it, never touching their checkout. Replacing a branch is a separate, explicit choice that
 * appears only once the engine refused to move it.
 */
export function BranchDialog({ task, ship, refusal, onClose, onCreated }: BranchDialogProps) {
  const formId = useId();
  const [name, setName] = useState(() => suggestedBranchName(task, ship));
  const [force, setForce] = useState(false);
  const commitMessage = useCommitMessage(ship);
  const [state, setState] = useState<BranchState>(refusal ? { kind: 'failed', message: refusal } : { kind: 'editing' });
  const taken = state.kind === 'failed' && /already exists|cannot be fast-forwarded/i.test(state.message);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setState({ kind: 'working' });
    const message = commitMessage.param;
    bridge.call('tasks.createBranch', { id: task.id, name: name.trim(), force, ...(message === undefined ? {} : { message }) }).then(
      (result) => {
        setState({ kind: 'created', result, forced: force });
        onCreated();
      },
      // A refused message is shown beside its field; anything else above the choices it offers.
      (error: unknown) => setState(commitMessage.takeRefusal(error) ? { kind: 'editing' } : { kind: 'failed', message: errorMessage(error) }),
    );
  };

  if (state.kind === 'created') {
    const { name: created, commit, move } = state.result;
    // Replacing a branch was the user's choice, so it reads as a new branch even where it happened to be a fast-forward.
    const fresh = move.change === 'created' || (state.forced && move.change !== 'unchanged');
    return (
      <Dialog open title="Create branch" onClose={onClose} footer={<Button variant="primary" onClick={onClose} autoFocus>Done</Button>}>
        <Alert kind="success">
          {fresh ? (
            <>
              Created branch <code>{created}</code> at <code>{commit.slice(0, 10)}</code>
              {move.from && <> (replacing the one at <code>{move.from.slice(0, 10)}</code>)</>}
            </>
          ) : (
            describeRefMove(created, move)
          )}{' '}
          in {task.repoPath}. Your working tree and checked-out branch were not changed.
        </Alert>
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      title="Create branch"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button variant="primary" type="submit" form={formId} busy={state.kind === 'working'} disabled={!name.trim() || commitMessage.error !== null}>
            Create
          </Button>
        </>
      }
    >
      <form id={formId} className="tv-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">Branch name</span>
          <input className="mono" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} autoFocus required />
          <span className="field-hint">Created in {task.repoPath} at the task's last result.</span>
        </label>
        <CommitMessageField choice={commitMessage} />
        {state.kind === 'failed' && <Alert>{state.message}</Alert>}
        {(taken || force) && (
          <label className="check-inline">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            Replace the existing branch
          </label>
        )}
      </form>
    </Dialog>
  );
}
