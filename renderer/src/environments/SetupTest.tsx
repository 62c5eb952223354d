import { useEffect, useRef } from 'react';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { formatDuration } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useNow } from '../ui/useNow';
import { type DraftProblems, type EnvironmentDraft, fieldOfParam, setupTestParamsOf } from './environmentDraft';
import { type SetupTestState, useSetupTest } from './useSetupTest';

export interface SetupTestProps {
  draft: EnvironmentDraft;
  /** The saved environment, whose secrets fill in those the form leaves as they are. */
  environmentId: string | null;
  /** Problems in the form's fields that kept the test from running, to show beside them. */
  onProblems: (problems: DraftProblems) => void;
}

function Outcome({ state, now }: { state: Exclude<SetupTestState, { status: 'idle' }>; now: number }) {
  if (state.status === 'running') {
    return (
      <Alert kind="info" label="Setup test" polite>
        <span className="setup-test-running">
          <Spinner size={12} /> Running the setup script in a throwaway sandbox… {formatDuration(now - state.since)}
        </span>
      </Alert>
    );
  }
  if (state.status === 'failed') {
    return (
      <Alert kind="error" label="Setup test" polite>
        The setup test did not run: {fieldOfParam(state.field) ? 'see the field marked above.' : state.message}
      </Alert>
    );
  }
  const { result } = state;
  const took = formatDuration(result.durationMs);
  if (result.stopped) {
    return (
      <Alert kind="info" label="Setup test" polite>
        Setup test stopped after {took}; its sandbox was removed.
      </Alert>
    );
  }
  if (result.exitCode === 0 && !result.timedOut) {
    return (
      <Alert kind="success" label="Setup test" polite>
        Setup succeeded in {took} on commit {result.commit.slice(0, 8)}; its sandbox was removed.
      </Alert>
    );
  }
  return (
    <Alert kind="error" label="Setup test" polite>
      Setup failed: {result.timedOut ? `the script ran over its time limit and was stopped after ${took}` : `the script exited with ${result.exitCode ?? 'no code'} after ${took}`}. Its output is below; fix the
      script and test again.
    </Alert>
  );
}

/** "Test setup": the form's setup script run in a throwaway sandbox, with its live log. */
export function SetupTest({ draft, environmentId, onProblems }: SetupTestProps) {
  const { state, log, start, stop } = useSetupTest(environmentId);
  const running = state.status === 'running';
  const now = useNow(1000, running);
  const logRef = useRef<HTMLPreElement>(null);

  // Follows the output as it comes, unless the user scrolled up to read.
  useEffect(() => {
    const element = logRef.current;
    if (element && element.scrollHeight - element.scrollTop - element.clientHeight < 80) element.scrollTop = element.scrollHeight;
  }, [log]);

  const run = async (): Promise<void> => {
    const { params, problems } = setupTestParamsOf(draft);
    if (Object.values(problems).some(Boolean)) {
      onProblems(problems);
      return;
    }
    const ended = await start(params);
    const field = ended.status === 'failed' ? fieldOfParam(ended.field) : undefined;
    if (field && ended.status === 'failed') onProblems({ [field]: ended.message });
  };

  return (
    <div className="setup-test">
      <div className="setup-test-bar">
        {running ? (
          <Button size="sm" onClick={stop}>
            Stop test
          </Button>
        ) : (
          <Button size="sm" onClick={() => void run()} disabled={!draft.setupScript.trim()} tip={draft.setupScript.trim() ? 'Test setup' : 'Write a setup script first'}>
            Test setup
          </Button>
        )}
        <span className="field-hint">Runs the script as typed in a throwaway sandbox, as a task would (as root, with network, the variables and the secrets), then removes it. Nothing is saved.</span>
      </div>
      {state.status !== 'idle' && <Outcome state={state} now={now} />}
      {(running || log) && (
        <pre className="setup-log" role="log" aria-label="Setup log" ref={logRef} tabIndex={0}>
          {log || 'Waiting for output…'}
        </pre>
      )}
    </div>
  );
}
