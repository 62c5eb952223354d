import { AGENT_BACKENDS, AGENT_LABELS, type AgentBackendName } from '../../../shared/agents';
import { DEFAULT_TIME_LIMIT_MS } from '../../../shared/limits';
import { useEffect, useId, useRef, useState } from 'react';
import type { EnvironmentView } from '../../../shared/types';
import { bridge } from '../bridge';
import { useBranches } from '../home/useBranches';
import { useEnvironments } from '../state/environmentsStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { CodeEditor } from '../ui/CodeEditor';
import { errorField, errorMessage } from '../ui/errorMessage';
import { Field } from '../ui/Field';
import { toast } from '../ui/toasts';
import { type DraftProblems, type EnvironmentDraft, draftOf, fieldOfParam, paramsOf, withRepoPath } from './environmentDraft';
import { CheckRows } from './CheckRows';
import { SecretRows } from './SecretRows';
import { SetupTest } from './SetupTest';
import { VariableRows } from './VariableRows';

export interface EnvironmentFormProps {
  environment: EnvironmentView | null;
  onSaved: (saved: EnvironmentView) => void;
  /** Leaves the new-environment form. */
  onCancel: () => void;
  onRemoved: () => void;
}

/** Creates or edits an environment; the engine checks the repository and says what is wrong. */
export function EnvironmentForm({ environment, onSaved, onCancel, onRemoved }: EnvironmentFormProps) {
  const [draft, setDraft] = useState<EnvironmentDraft>(() => draftOf(environment));
  const [problems, setProblems] = useState<DraftProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Until the user types a name, a new environment's follows its repository folder.
  const [nameTyped, setNameTyped] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  // Bumped by "Discard changes" so the script editor reopens on the saved text.
  const [resets, setResets] = useState(0);
  const branches = useBranches(environment?.id ?? null);
  const branchListId = useId();
  const scriptHintId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  // Bumped whenever problems are shown, so the first of them is brought into view.
  const [reveals, setReveals] = useState(0);

  useEffect(() => {
    if (reveals === 0) return;
    const field = formRef.current?.querySelector('.field.has-error');
    field?.scrollIntoView({ block: 'center' });
    field?.querySelector<HTMLElement>('input, select, textarea')?.focus({ preventScroll: true });
  }, [reveals]);

  const showProblems = (found: DraftProblems): void => {
    setProblems((current) => ({ ...current, ...found }));
    setReveals((n) => n + 1);
  };

  const change = <K extends keyof EnvironmentDraft>(field: K, value: EnvironmentDraft[K]): void => {
    setDraft((current) => ({ ...current, [field]: value }));
    setError(null);
    if (field in problems) setProblems((current) => ({ ...current, [field]: undefined }));
  };

  const changeRepoPath = (repoPath: string): void => {
    // A new environment is named after its folder until the user names it.
    if (environment) change('repoPath', repoPath);
    else {
      setDraft((current) => withRepoPath(current, repoPath, nameTyped));
      setError(null);
      setProblems((current) => ({ ...current, repoPath: undefined, name: undefined }));
    }
  };

  const save = async (): Promise<void> => {
    const { params, problems: found } = paramsOf(draft);
    setProblems(found);
    setError(null);
    if (Object.values(found).some(Boolean)) {
      showProblems(found);
      return;
    }
    setSaving(true);
    try {
      const saved = await useEnvironments.getState().save(environment?.id ?? null, params);
      toast(`Environment “${saved.name}” saved`);
      onSaved(saved);
    } catch (failure) {
      const field = fieldOfParam(errorField(failure));
      if (field) showProblems({ [field]: errorMessage(failure) });
      else setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };

  const remove = async (): Promise<void> => {
    if (!environment) return;
    try {
      await useEnvironments.getState().remove(environment.id);
      toast(`Environment “${environment.name}” removed`);
      onRemoved();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <form
      ref={formRef}
      className="panel env-form"
      aria-label={environment ? `Edit ${environment.name}` : 'New environment'}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="panel-head">
        <h1>{environment ? environment.name : 'New environment'}</h1>
      </div>

      <fieldset className="form-section">
        <legend>Repository</legend>
        <div className="form-grid">
          <Field label="Name" error={problems.name}>
            <input
              value={draft.name}
              placeholder="my-project"
              onChange={(e) => {
                setNameTyped(true);
                change('name', e.target.value);
              }}
              autoFocus={!environment}
            />
          </Field>
          <Field label="Base branch" error={problems.baseBranch} hint="Where tasks start unless the composer picks another; empty means the current branch.">
            <input value={draft.baseBranch} list={branchListId} placeholder={branches?.current ?? 'current branch'} onChange={(e) => change('baseBranch', e.target.value)} />
          </Field>
        </div>
        <datalist id={branchListId}>
          {branches?.branches.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
        <Field label="Repository path" error={problems.repoPath} hint="The absolute path of a local git repository. Codebay works on its own copy and never touches your working tree.">
          <input className="mono" value={draft.repoPath} placeholder="/home/you/projects/my-project" onChange={(e) => changeRepoPath(e.target.value)} />
        </Field>
        {bridge.pickFolder && (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              void bridge.pickFolder?.().then((folder) => {
                if (folder) changeRepoPath(folder);
              });
            }}
          >
            Choose folder…
          </Button>
        )}
      </fieldset>

      <fieldset className="form-section">
        <legend>Setup</legend>
        <div className={`field${problems.setupScript ? ' has-error' : ''}`}>
          <span className="field-label" id={`${scriptHintId}-label`}>
            Setup script
          </span>
          <CodeEditor
            key={resets}
            initialValue={draft.setupScript}
            onChange={(value) => change('setupScript', value)}
            language="shell"
            label="Setup script"
            height={160}
            aria-describedby={scriptHintId}
          />
          <div className="field-hint" id={scriptHintId}>
            Bash, run in the repository once per sandbox before the agent starts, with network access and the secrets below. For example <code>pip install -r requirements.txt</code>.
          </div>
          {problems.setupScript && (
            <div className="field-error" role="alert">
              {problems.setupScript}
            </div>
          )}
        </div>
        <div className={`field${problems.envVars ? ' has-error' : ''}`}>
          <span className="field-label">Environment variables</span>
          <VariableRows rows={draft.envVars} onChange={(rows) => change('envVars', rows)} />
          {problems.envVars ? (
            <div className="field-error" role="alert">
              {problems.envVars}
            </div>
          ) : (
            <div className="field-hint">Set for the setup script and the agent.</div>
          )}
        </div>
        <div className={`field${problems.secrets ? ' has-error' : ''}`}>
          <span className="field-label">Secrets</span>
          <SecretRows rows={draft.secrets} onChange={(rows) => change('secrets', rows)} />
          {problems.secrets ? (
            <div className="field-error" role="alert">
              {problems.secrets}
            </div>
          ) : (
            <div className="field-hint">
              Only the setup script sees them, as variables and as files in <code>$CODEBAY_SECRETS_DIR</code>, deleted before the agent starts. Values are kept outside the database and are never
              shown again.
            </div>
          )}
        </div>
        <SetupTest draft={draft} environmentId={environment?.id ?? null} onProblems={showProblems} />
      </fieldset>

      <fieldset className="form-section">
        <legend>Sandbox</legend>
        <label className="check-row">
          <input type="checkbox" checked={draft.agentNetwork} onChange={(e) => change('agentNetwork', e.target.checked)} />
          <span>
            <span className="check-title">Agent network access</span>
            <span className="field-hint">Off by default: after setup, the agent cannot reach the network. Turn on only if tasks need it.</span>
          </span>
        </label>
        <div className={`field${problems.checks ? ' has-error' : ''}`}>
          <span className="field-label">Checks</span>
          <CheckRows rows={draft.checks} onChange={(rows) => change('checks', rows)} />
          {problems.checks ? (
            <div className="field-error" role="alert">
              {problems.checks}
            </div>
          ) : (
            <div className="field-hint">Run after every Code turn on its result, as the agent, with no network (name, command, minutes). A failing check marks the task; it still finishes.</div>
          )}
        </div>
        <Field label="Agent" hint="The agent tasks use unless the composer picks another. Agent CLIs run in the same sandbox and reach the model only through Codebay's gateway.">
          <select value={draft.agent} onChange={(e) => change('agent', e.target.value as AgentBackendName)}>
            {AGENT_BACKENDS.map((name) => (
              <option key={name} value={name}>
                {AGENT_LABELS[name]}
              </option>
            ))}
          </select>
        </Field>
        <div className="form-grid form-grid-limits">
          <Field label="CPUs" error={problems.cpus} hint="Empty: default">
            <input inputMode="decimal" value={draft.cpus} placeholder="2" onChange={(e) => change('cpus', e.target.value)} />
          </Field>
          <Field label="Memory (GiB)" error={problems.memoryGiB} hint="Empty: default">
            <input inputMode="decimal" value={draft.memoryGiB} placeholder="4" onChange={(e) => change('memoryGiB', e.target.value)} />
          </Field>
          <Field label="Process limit" error={problems.pidsLimit} hint="Empty: default">
            <input inputMode="numeric" value={draft.pidsLimit} placeholder="1024" onChange={(e) => change('pidsLimit', e.target.value)} />
          </Field>
          <Field label="Disk (GiB)" error={problems.diskGiB} hint="Empty: default">
            <input inputMode="decimal" value={draft.diskGiB} placeholder="20" onChange={(e) => change('diskGiB', e.target.value)} />
          </Field>
          <Field label="Time limit (minutes)" error={problems.timeLimitMinutes} hint="Per task turn; empty: default">
            <input inputMode="decimal" value={draft.timeLimitMinutes} placeholder={String(DEFAULT_TIME_LIMIT_MS / 60_000)} onChange={(e) => change('timeLimitMinutes', e.target.value)} />
          </Field>
        </div>
      </fieldset>

      {error && <Alert>{error}</Alert>}
      <div className="form-foot">
        {environment &&
          (confirmRemove ? (
            <span className="confirm">
              Remove “{environment.name}”? Its tasks stay.
              <Button size="sm" variant="danger" onClick={() => void remove()}>
                Remove
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(false)}>
                Keep
              </Button>
            </span>
          ) : (
            <Button variant="ghost" className="danger-text" onClick={() => setConfirmRemove(true)}>
              Remove environment
            </Button>
          ))}
        <span className="form-foot-spacer" />
        {environment ? (
          <Button
            onClick={() => {
              setDraft(draftOf(environment));
              setResets((n) => n + 1);
              setProblems({});
              setError(null);
            }}
          >
            Discard changes
          </Button>
        ) : (
          <Button onClick={onCancel}>Cancel</Button>
        )}
        <Button type="submit" variant="primary" busy={saving}>
          {environment ? 'Save changes' : 'Create environment'}
        </Button>
      </div>
    </form>
  );
}
