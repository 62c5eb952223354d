import { type FormEvent, useId, useState } from 'react';
import type { AgentBackendName } from '../../../shared/agents';
import type { MethodParams } from '../../../shared/protocol';
import type { EnvironmentView, TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { errorMessage } from '../ui/errorMessage';
import type { Branches } from './useBranches';

type TargetKind = 'branch' | 'uncommitted';

interface ReviewDialogProps {
  environment: EnvironmentView;
  branches: Branches | null;
  /** The composer's text, offered as what to look at closely. */
  focus: string;
  /** Null: the environment's agent. */
  agent: AgentBackendName | null;
  onClose: () => void;
  onStarted: (task: TaskView, usedFocus: boolean) => void;
}

/** The branch most likely to be reviewed: the checked-out one when it is not the base, else the newest other. */
function BranchSelect({ label, name, choices, value, onPick }: { label: string; name: string; choices: readonly string[]; value: string; onPick: (branch: string) => void }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select aria-label={name} value={value} onChange={(e) => onPick(e.target.value)}>
        {choices.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </label>
  );
}

function likelyBranch(branches: readonly string[], current: string | null, base: string): string {
  if (current && current !== base) return current;
  return branches.find((b) => b !== base) ?? branches[0] ?? '';
}

/** Starts a Review task on a branch against its base, or on the repository's uncommitted changes. */
export function ReviewDialog({ environment, branches, focus: initialFocus, agent, onClose, onStarted }: ReviewDialogProps) {
  const formId = useId();
  const choices = branches?.branches ?? [];
  // The user's picks; until they pick, the defaults follow the branches, which may still be loading.
  const [picked, setPicked] = useState<{ kind?: TargetKind; base?: string; branch?: string }>({});
  const pick = (patch: typeof picked): void => setPicked((before) => ({ ...before, ...patch }));
  const listed = (name: string | undefined): string | undefined => (name !== undefined && choices.includes(name) ? name : undefined);
  const base = listed(picked.base) ?? listed(environment.baseBranch ?? undefined) ?? branches?.current ?? choices[0] ?? '';
  const branch = listed(picked.branch) ?? likelyBranch(choices, branches?.current ?? null, base);
  const kind = picked.kind ?? (choices.some((b) => b !== base) ? 'branch' : 'uncommitted');
  const [focus, setFocus] = useState(initialFocus);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sameBranch = kind === 'branch' && branch !== '' && branch === base;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const target: MethodParams<'tasks.review'>['target'] = kind === 'branch' ? { kind, branch, ...(base ? { base } : {}) } : { kind };
    setWorking(true);
    setError(null);
    bridge
      .call('tasks.review', { target, environmentId: environment.id, ...(focus.trim() ? { prompt: focus.trim() } : {}), ...(agent ? { agent } : {}) })
      .then(
        (task) => onStarted(task, focus.trim() !== '' && focus.trim() === initialFocus.trim()),
        (failure: unknown) => {
          setWorking(false);
          setError(errorMessage(failure));
        },
      );
  };

  return (
    <Dialog
      open
      title="Review a change"
      className="review-dialog"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} busy={working} disabled={(kind === 'branch' && !branch) || sameBranch}>
            Start review
          </Button>
        </>
      }
    >
      <form id={formId} className="review-form" onSubmit={submit}>
        <p className="review-form-intro">The agent reads the change without editing it and reports what to fix, most important first.</p>
        <fieldset className="review-targets">
          <legend className="field-label">What to review</legend>
          <label className="check-inline">
            <input type="radio" name="review-target" checked={kind === 'branch'} disabled={choices.length === 0} onChange={() => pick({ kind: 'branch' })} />
            A branch against its base
          </label>
          {kind === 'branch' && (
            <div className="review-branches">
              <BranchSelect label="Branch" name="Branch to review" choices={choices} value={branch} onPick={(value) => pick({ branch: value })} />
              <span className="review-against" aria-hidden="true">
                against
              </span>
              <BranchSelect label="Base" name="Base branch to compare with" choices={choices} value={base} onPick={(value) => pick({ base: value })} />
            </div>
          )}
          {sameBranch && <p className="field-error">Pick a base other than the branch itself: the change is what the branch adds to its base.</p>}
          <label className="check-inline">
            <input type="radio" name="review-target" checked={kind === 'uncommitted'} onChange={() => pick({ kind: 'uncommitted' })} />
            Uncommitted changes in {environment.repoPath ?? environment.name}
          </label>
        </fieldset>
        <label className="field">
          <span className="field-label">Focus (optional)</span>
          <textarea aria-label="What to look at closely" rows={3} value={focus} placeholder="e.g. error handling in the new parser" onChange={(e) => setFocus(e.target.value)} />
        </label>
        {branches?.error && <Alert kind="warning">The branches could not be listed: {branches.error}</Alert>}
        {error && <Alert>{error}</Alert>}
      </form>
    </Dialog>
  );
}
