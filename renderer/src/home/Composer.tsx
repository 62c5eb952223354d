import { useRef, useState } from 'react';
import { AGENT_BACKENDS, AGENT_LABELS, type AgentBackendName } from '../../../shared/agents';
import { MODES } from '../../../shared/modes';
import type { TaskMode } from '../../../shared/types';
import { bridge } from '../bridge';
import { useEnvironments } from '../state/environmentsStore';
import { askNotificationPermission } from '../state/notifications';
import { NEW_ENVIRONMENT, navigate, openTask } from '../state/router';
import { useTaskList } from '../state/taskListStore';
import { matchesView } from '../state/taskOrder';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { Icon } from '../ui/Icon';
import { hasMod, shortcutLabel } from '../ui/keys';
import { useFocusRequest } from '../ui/useFocusRequest';
import { useComposer, type AgentChoice } from './composerStore';
import { ModelPicker } from './ModelPicker';
import { ReviewDialog } from './ReviewDialog';
import { useBranches } from './useBranches';

const ATTEMPT_CHOICES = [1, 2, 3, 4];

/** The agents of a launch: one for all attempts, or for `mixed` a different one per attempt, in the catalog's order. */
function agentsOf(choice: AgentChoice, attempts: number): AgentBackendName[] {
  return choice === 'mixed' ? Array.from({ length: attempts }, (_, i) => AGENT_BACKENDS[i % AGENT_BACKENDS.length] ?? 'built-in') : [choice];
}

/** Where tasks start: a prompt, where to run it, and Code or Ask; or a review of a change. */
export function Composer() {
  const environments = useEnvironments((state) => state.environments);
  const environmentsLoaded = useEnvironments((state) => state.status === 'ready' || state.status === 'failed');
  const draft = useComposer();
  const environment = environments.find((e) => e.id === draft.environmentId) ?? environments[0] ?? null;
  const branches = useBranches(environment?.id ?? null);
  const [busy, setBusy] = useState<TaskMode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  useFocusRequest('composer', textarea);

  const branchChoices = branches?.branches ?? [];
  const defaultBranch = environment?.baseBranch ?? branches?.current ?? branchChoices[0] ?? '';
  const baseRef = draft.baseRef && branchChoices.includes(draft.baseRef) ? draft.baseRef : defaultBranch;
  const disabled = !environment;
  const environmentAgent = environment?.agent ?? 'built-in';
  const agentChoice: AgentChoice = draft.agent === 'mixed' && draft.attempts === 1 ? environmentAgent : (draft.agent ?? environmentAgent);

  const submit = async (mode: TaskMode): Promise<void> => {
    if (!environment || busy) return;
    const prompt = draft.prompt.trim();
    if (!prompt) {
      setError(MODES[mode].keepsChanges ? 'Describe what the agent should do first.' : 'Type your question first.');
      textarea.current?.focus();
      return;
    }
    setBusy(mode);
    setError(null);
    try {
      const created = await bridge.call('tasks.create', {
        prompt,
        mode,
        environmentId: environment.id,
        attempts: draft.attempts,
        agents: agentsOf(agentChoice, draft.attempts),
        includeUncommitted: draft.includeUncommitted,
        ...(baseRef ? { baseRef } : {}),
        ...(draft.model.trim() ? { model: draft.model.trim() } : {}),
      });
      draft.set({ prompt: '' });
      const list = useTaskList.getState();
      const first = created[0];
      if (first && !matchesView(first, list)) {
        // Show what was just launched rather than hide it behind a filter.
        useTaskList.setState({ view: 'all', search: '', environmentId: null });
        await list.reload();
      }
      useTaskList.getState().addCreated(created);
      if (first) useTaskList.getState().select(first.id);
      askNotificationPermission();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <form
        className={`composer${disabled ? ' is-disabled' : ''}`}
        aria-label="New task"
        onSubmit={(event) => {
          event.preventDefault();
          void submit('code');
        }}
      >
        <textarea
          ref={textarea}
          className="composer-input"
          aria-label="Task prompt"
          placeholder={disabled ? 'Add an environment to start tasks' : 'Describe a change for the agent to make, or ask a question about the code'}
          value={draft.prompt}
          disabled={disabled}
          rows={2}
          onChange={(event) => {
            draft.set({ prompt: event.target.value });
            if (error) setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && hasMod(event.nativeEvent)) {
              event.preventDefault();
              void submit(event.shiftKey ? 'ask' : 'code');
            }
          }}
        />
        {disabled && environmentsLoaded && (
          <div className="composer-blocked">
            <Icon name="box" />
            <span>Tasks run in an environment: a local git repository and how to prepare its sandbox. Add one to start.</span>
            <Button variant="primary" size="sm" onClick={() => navigate({ name: 'environments', environmentId: NEW_ENVIRONMENT })}>
              Create environment
            </Button>
          </div>
        )}
        <div className="composer-bar">
          <label className="picker" title="Environment: the repository the task works on">
            <Icon name="box" />
            <select
              aria-label="Environment"
              value={environment?.id ?? ''}
              disabled={disabled}
              onChange={(event) => draft.set({ environmentId: event.target.value, baseRef: null })}
            >
              {environments.length === 0 && <option value="">No environment</option>}
              {environments.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
          <label className="picker" title={branches?.error ?? 'Base branch: where the task starts from'}>
            <Icon name="branch" />
            <select aria-label="Base branch" value={baseRef} disabled={disabled || branchChoices.length === 0} onChange={(event) => draft.set({ baseRef: event.target.value })}>
              {branchChoices.length === 0 && <option value="">{branches?.error ? 'branches unavailable' : 'HEAD'}</option>}
              {branchChoices.map((branch) => (
                <option key={branch} value={branch}>
                  {branch}
                </option>
              ))}
            </select>
          </label>
          <label className="picker" title="Attempts: run the same prompt several times in parallel and keep the best result">
            <select aria-label="Attempts" value={draft.attempts} disabled={disabled} onChange={(event) => draft.set({ attempts: Number(event.target.value) })}>
              {ATTEMPT_CHOICES.map((n) => (
                <option key={n} value={n}>
                  {n === 1 ? '1 attempt' : `${n} attempts`}
                </option>
              ))}
            </select>
          </label>
          <label className="picker" title="Agent: Codebay's own, or an agent CLI run in the same sandbox (installed on first use)">
            <Icon name="pulse" />
            <select
              aria-label="Agent"
              value={agentChoice}
              disabled={disabled}
              onChange={(event) => draft.set({ agent: event.target.value === environmentAgent ? null : (event.target.value as AgentChoice) })}
            >
              {AGENT_BACKENDS.map((name) => (
                <option key={name} value={name}>
                  {AGENT_LABELS[name]}
                </option>
              ))}
              {draft.attempts > 1 && <option value="mixed">Mixed: one each</option>}
            </select>
          </label>
          <ModelPicker value={draft.model} disabled={disabled} onChange={(model) => draft.set({ model })} />
          <label className="check-inline" title="Start from the repository's uncommitted changes too, not only the branch">
            <input
              type="checkbox"
              checked={draft.includeUncommitted}
              disabled={disabled}
              onChange={(event) => draft.set({ includeUncommitted: event.target.checked })}
            />
            Uncommitted
          </label>
          <span className="composer-spacer" />
          <span className="composer-hint" aria-hidden="true">
            {shortcutLabel('Mod+Enter')}
          </span>
          <Button disabled={disabled} tip={`${MODES.review.label}: ${MODES.review.description.toLowerCase()}`} onClick={() => setReviewing(true)}>
            {MODES.review.label}…
          </Button>
          <Button disabled={disabled} busy={busy === 'ask'} shortcut="Mod+Shift+Enter" tip={`${MODES.ask.label}: ${MODES.ask.description.toLowerCase()}`} onClick={() => void submit('ask')}>
            {MODES.ask.label}
          </Button>
          <Button type="submit" variant="primary" disabled={disabled} busy={busy === 'code'} shortcut="Mod+Enter" tip={`${MODES.code.label}: change files and return a diff`}>
            {MODES.code.label}
          </Button>
        </div>
        {error && <Alert>{error}</Alert>}
      </form>
      {reviewing && environment && (
        <ReviewDialog
          environment={environment}
          branches={branches}
          focus={draft.prompt}
          agent={agentChoice === 'mixed' ? null : agentChoice}
          onClose={() => setReviewing(false)}
          onStarted={(task, usedFocus) => {
            setReviewing(false);
            if (usedFocus) draft.set({ prompt: '' });
            useTaskList.getState().addCreated([task]);
            useTaskList.getState().select(task.id);
            openTask(task.id);
          }}
        />
      )}
    </>
  );
}
