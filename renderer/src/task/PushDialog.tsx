import { type FormEvent, useEffect, useId, useState } from 'react';
import type { MethodResult } from '../../../shared/protocol';
import type { TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { errorMessage } from '../ui/errorMessage';
import { suggestedBranchName } from './branchName';

type PushState = { kind: 'editing' } | { kind: 'working' } | { kind: 'pushed'; result: MethodResult<'tasks.push'> } | { kind: 'failed'; message: string };

/** Pushes the task's result as a branch to one of the repository's remotes. */
export function PushDialog({ task, onClose, onPushed }: { task: TaskView; onClose: () => void; onPushed: () => void }) {
  const formId = useId();
  const [remotes, setRemotes] = useState<string[] | null>(null);
  const [remotesError, setRemotesError] = useState<string | null>(null);
  const [remote, setRemote] = useState('');
  const [branch, setBranch] = useState(() => suggestedBranchName(task));
  const [force, setForce] = useState(false);
  const [state, setState] = useState<PushState>({ kind: 'editing' });

  useEffect(() => {
    bridge.call('tasks.remotes', { id: task.id }).then(
      (list) => {
        setRemotes(list);
        setRemote(list.includes('origin') ? 'origin' : (list[0] ?? ''));
      },
      (error: unknown) => setRemotesError(errorMessage(error)),
    );
  }, [task.id]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setState({ kind: 'working' });
    bridge.call('tasks.push', { id: task.id, remote, branch: branch.trim(), force }).then(
      (result) => {
        setState({ kind: 'pushed', result });
        onPushed();
      },
      (error: unknown) => setState({ kind: 'failed', message: errorMessage(error) }),
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
            Pushed <code>{result.branch}</code> to <code>{result.remote}</code>.
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
            <Button variant="primary" type="submit" form={formId} busy={state.kind === 'working'} disabled={!remote || !branch.trim()}>
              Publish branch
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
            <label className="check-inline">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
              Force (overwrite the branch on the remote)
            </label>
            {state.kind === 'failed' && <Alert>{state.message}</Alert>}
          </form>
        )}
      </div>
    </Dialog>
  );
}
