import { type FormEvent, useId, useState } from 'react';
import type { TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { errorMessage } from '../ui/errorMessage';
import { suggestedBranchName } from './branchName';

type BranchState = { kind: 'editing' } | { kind: 'working' } | { kind: 'created'; name: string; commit: string } | { kind: 'failed'; message: string };

/** Creates a branch in the user's repository at the task's result, never touching their checkout. */
export function BranchDialog({ task, onClose, onCreated }: { task: TaskView; onClose: () => void; onCreated: () => void }) {
  const formId = useId();
  const [name, setName] = useState(() => suggestedBranchName(task));
  const [force, setForce] = useState(false);
  const [state, setState] = useState<BranchState>({ kind: 'editing' });
  const exists = state.kind === 'failed' && /already exists/i.test(state.message);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setState({ kind: 'working' });
    bridge.call('tasks.createBranch', { id: task.id, name: name.trim(), force }).then(
      (created) => {
        setState({ kind: 'created', name: created.name, commit: created.commit });
        onCreated();
      },
      (error: unknown) => setState({ kind: 'failed', message: errorMessage(error) }),
    );
  };

  if (state.kind === 'created') {
    return (
      <Dialog open title="Create branch" onClose={onClose} footer={<Button variant="primary" onClick={onClose} autoFocus>Done</Button>}>
        <Alert kind="success">
          Created branch <code>{state.name}</code> at <code>{state.commit.slice(0, 10)}</code> in {task.repoPath}. Your working tree and checked-out branch were not
          changed.
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
          <Button variant="primary" type="submit" form={formId} busy={state.kind === 'working'} disabled={!name.trim()}>
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
        {(exists || force) && (
          <label className="check-inline">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            Replace the existing branch
          </label>
        )}
        {state.kind === 'failed' && <Alert>{state.message}</Alert>}
      </form>
    </Dialog>
  );
}
