import { type FormEvent, useEffect, useId, useState } from 'react';
import type { MethodResult } from '../../../shared/protocol';
import { parsePushTarget } from '../../../shared/pushTarget';
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

type PushState = { kind: 'editing' } | { kind: 'working' } | { kind: 'pushed'; result: MethodResult<'tasks.push'> } | { kind: 'failed'; message: string };

interface PushDialogProps {
  task: TaskView;
  ship: ShipStateView | null;
  /** Why "Push again" was refused, shown from the start beside the choice to replace the remote branch. */
  refusal?: string | undefined;
  onClose: () => void;
  onPushed: () => void;
}

/** The remote refused a push that was not a fast-forward (its branch has commits the task lacks). */
function refusedAsDiverged(state: PushState): boolean {
  return state.kind === 'failed' && /\[rejected\]|non-fast-forward|fetch first/i.test(state.message);
}

/**
 * Pushes the task's result as a branch to one of the repository's remotes; after a first push,
 * to the same remote and branch. Replacing the remote branch (force) is a separate, explicit
 * choice that appears only once a push was refused.
 */
export function PushDialog({ task, ship, refusal, onClose, onPushed }: PushDialogProps) {
  const formId = useId();
  const [recorded] = useState(() => parsePushTarget(task.pushedTo));
  const [remotes, setRemotes] = useState<string[] | null>(null);
  const [remotesError, setRemotesError] = useState<string | null>(null);
  const [remote, setRemote] = useState('');
  const [branch, setBranch] = useState(() => recorded?.branch ?? suggestedBranchName(task, ship));
  const [force, setForce] = useState(false);
  const commitMessage = useCommitMessage(ship);
  const [state, setState] = useState<PushState>(refusal ? { kind: 'failed', message: refusal } : { kind: 'editing' });

  useEffect(() => {
    bridge.call('tasks.remotes', { id: task.id }).then(
      (list) => {
        setRemotes(list);
        const preferred = [recorded?.remote, 'origin'].find((r) => r !== undefined && list.includes(r));
        setRemote(preferred ?? list[0] ?? '');
      },
      (error: unknown) => setRemotesError(errorMessage(error)),
    );
  }, [task.id, recorded]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setState({ kind: 'working' });
    const message = commitMessage.param;
    bridge.call('tasks.push', { id: task.id, remote, branch: branch.trim(), force, ...(message === undefined ? {} : { message }) }).then(
      (result) => {
        setState({ kind: 'pushed', result });
        onPushed();
      },
      // A refused message is shown beside its field; anything else above the choices it offers.
      (error: unknown) => setState(commitMessage.takeRefusal(error) ? { kind: 'editing' } : { kind: 'failed', message: errorMessage(error) }),
    );
  };

  if (state.kind === 'pushed') {
    const { result } = state;
    const pullRequestUrl = result.pullRequestUrl;
    return (
      <Dialog
        open
        title="Push"
        onClose={onClose}
        footer={
          <>
            {pullRequestUrl && (
              <Button onClick={() => window.open(pullRequestUrl, '_blank', 'noopener')}>Open pull request</Button>
            )}
            <Button variant="primary" onClick={onClose} autoFocus>
              Done
            </Button>
          </>
        }
      >
        <div className="tv-form">
          <Alert kind="success">
            Pushed <code>{result.branch}</code> to <code>{result.remote}</code>. {describeRefMove(`${result.branch} on ${result.remote}`, result.move)}.
          </Alert>
          {pullRequestUrl && (
            <p className="field-hint">
              Pull request page: <span className="mono">{pullRequestUrl}</span>
            </p>
          )}
          {result.output && <pre className="tv-output tv-output-box">{result.output}</pre>}
        </div>
      </Dialog>
    );
  }

  const ready = remotes !== null && remotes.length > 0;
  return (
    <Dialog
      open
      title="Push"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          {ready && (
            <Button variant={force ? 'danger' : 'primary'} type="submit" form={formId} busy={state.kind === 'working'} disabled={!remote || !branch.trim() || commitMessage.error !== null}>
              {force ? 'Replace remote branch' : 'Publish branch'}
            </Button>
          )}
        </>
      }
    >
      <div className="tv-form">
        {remotesError && <Alert>{remotesError}</Alert>}
        {remotes === null && !remotesError && <p className="field-hint">Reading the repository's remotes…</p>}
        {remotes?.length === 0 && (
          <Alert kind="warning">
            {task.repoPath} has no remotes. Add one in a terminal (<code>git remote add origin URL</code>), then push again.
          </Alert>
        )}
        {ready && (
          <form id={formId} className="tv-form" onSubmit={submit}>
            <label className="field">
              <span className="field-label">Remote</span>
              <select value={remote} onChange={(e) => setRemote(e.target.value)}>
                {remotes.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field-label">Branch</span>
              <input className="mono" value={branch} onChange={(e) => setBranch(e.target.value)} spellCheck={false} required />
            </label>
            <CommitMessageField choice={commitMessage} />
            {state.kind === 'failed' && <Alert>{state.message}</Alert>}
            {(refusedAsDiverged(state) || force) && (
              <label className="check-inline">
                <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
                Replace the remote branch, discarding its commits this task does not have
              </label>
            )}
          </form>
        )}
      </div>
    </Dialog>
  );
}
