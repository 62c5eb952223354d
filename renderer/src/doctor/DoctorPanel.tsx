import type { DoctorCheck } from '../../../shared/types';
import { useDoctor } from '../state/doctorStore';
import { navigate } from '../state/router';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { InlineCode } from '../ui/InlineCode';
import { Spinner } from '../ui/Spinner';
import { ImageBuild } from './ImageBuild';
import './doctor.css';

function CheckRow({ check }: { check: DoctorCheck }) {
  return (
    <li className={!check.ok ? 'check bad' : check.warning ? 'check warn' : 'check ok'} aria-label={check.label}>
      <span className="check-mark">
        <Icon name={!check.ok ? 'x' : check.warning ? 'warning' : 'check'} />
      </span>
      <div className="check-main">
        <div className="check-label">{check.label}</div>
        <div className="check-detail">{check.detail}</div>
        {check.fix && (
          <div className="check-fix">
            Fix: <InlineCode text={check.fix} />
          </div>
        )}
        {check.name === 'image' && !check.ok && <ImageBuild />}
        {check.name === 'provider' && !check.ok && (
          <div className="check-action">
            <Button size="sm" onClick={() => navigate({ name: 'settings' })}>
              Add a provider in Settings
            </Button>
          </div>
        )}
      </div>
    </li>
  );
}

/** The system check: Docker, the sandbox image, the data folder and the model, each with its fix. */
export function DoctorPanel() {
  const { status, report, error, run } = useDoctor();
  const checking = status === 'checking' || status === 'idle';
  const problems = report ? report.checks.filter((c) => !c.ok).length : 0;
  return (
    <div className="page">
      <section className="panel doctor" aria-labelledby="doctor-title">
        <div className="panel-head">
          <div>
            <h1 id="doctor-title">System check</h1>
            <p className="panel-sub">
              {checking && !report && 'Checking Docker, the sandbox image and the model provider…'}
              {report?.ok && 'Everything Codebay needs is in place.'}
              {report && !report.ok && `${problems} ${problems === 1 ? 'thing needs' : 'things need'} attention before tasks can run. Each one says how to fix it.`}
            </p>
          </div>
          <Button onClick={() => void run()} busy={checking} tip="Run the checks again">
            {checking ? 'Checking…' : 'Check again'}
          </Button>
        </div>
        {status === 'failed' && error && <Alert>{error}</Alert>}
        {!report && checking && (
          <div className="doctor-loading">
            <Spinner /> Checking…
          </div>
        )}
        {report && (
          <ul className="checks" aria-label="Checks">
            {report.checks.map((check) => (
              <CheckRow key={check.name} check={check} />
            ))}
          </ul>
        )}
        <div className="doctor-foot">
          {report?.ok ? (
            <Button variant="primary" onClick={() => navigate({ name: 'home' })}>
              Go to tasks
            </Button>
          ) : (
            <>
              <span className="muted">You can look around and set things up first; tasks will fail until the checks pass.</span>
              <Button onClick={() => navigate({ name: 'home' })}>Continue anyway</Button>
            </>
          )}
        </div>
      </section>
    </div>
  );
}
