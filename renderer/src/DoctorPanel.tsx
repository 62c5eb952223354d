import { useCallback, useEffect, useState } from 'react';
import type { DoctorReport } from '../../shared/types';
import { bridge } from './bridge';

type State = { kind: 'checking' } | { kind: 'done'; report: DoctorReport } | { kind: 'failed'; message: string };

/** First-run health check: each problem shows what is wrong and the fix. */
export function DoctorPanel() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  const run = useCallback(() => {
    setState({ kind: 'checking' });
    bridge.call('doctor.run', {}).then(
      (report) => setState({ kind: 'done', report }),
      (error: unknown) => setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);
  useEffect(run, [run]);

  return (
    <section className="panel" aria-labelledby="doctor-title">
      <div className="panel-head">
        <h1 id="doctor-title">System check</h1>
        <button type="button" onClick={run} disabled={state.kind === 'checking'}>
          {state.kind === 'checking' ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {state.kind === 'failed' && <p role="alert" className="error">{state.message}</p>}
      {state.kind === 'done' && (
        <ul className="checks" aria-label="Checks">
          {state.report.checks.map((check) => (
            <li key={check.name} className={check.ok ? 'check ok' : 'check bad'} aria-label={check.label}>
              <span className="mark" aria-hidden="true">{check.ok ? '✓' : '✕'}</span>
              <div>
                <div className="check-label">{check.label}</div>
                <div className="check-detail">{check.detail}</div>
                {check.fix && <div className="check-fix">Fix: {check.fix}</div>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
