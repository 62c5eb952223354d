import { useEnvironments } from '../state/environmentsStore';
import { NEW_ENVIRONMENT, useRouter } from '../state/router';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { Spinner } from '../ui/Spinner';
import { EnvironmentForm } from './EnvironmentForm';
import './environments.css';

/** Environments: the list on the left, the selected one's form on the right. */
export function EnvironmentsPage({ environmentId }: { environmentId: string | undefined }) {
  const { environments, status, error } = useEnvironments();
  const creating = environmentId === NEW_ENVIRONMENT;
  const selected = creating ? null : (environments.find((e) => e.id === environmentId) ?? environments[0] ?? null);
  const show = (id: string | undefined): void => {
    useRouter.getState().replace({ name: 'environments', ...(id ? { environmentId: id } : {}) });
  };

  return (
    <div className="page env-page">
      <aside className="env-list" aria-label="Environments">
        <div className="env-list-head">
          <h2>Environments</h2>
          <Button size="sm" onClick={() => show(NEW_ENVIRONMENT)} tip="New environment">
            <Icon name="plus" size={14} /> New
          </Button>
        </div>
        {status === 'loading' && (
          <div className="muted env-loading">
            <Spinner size={12} /> Loading…
          </div>
        )}
        {status === 'ready' && environments.length === 0 && <p className="muted env-none">None yet.</p>}
        <ul>
          {environments.map((e) => (
            <li key={e.id}>
              <button type="button" className={`env-item${selected?.id === e.id && !creating ? ' is-current' : ''}`} aria-current={selected?.id === e.id && !creating ? 'true' : undefined} onClick={() => show(e.id)}>
                <span className="env-name">{e.name}</span>
                <span className="env-path mono">{e.repoPath ?? 'no repository'}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <div className="env-detail">
        {status === 'failed' && error && <Alert action={<Button size="sm" onClick={() => void useEnvironments.getState().load()}>Try again</Button>}>{error}</Alert>}
        {creating || selected ? (
          <EnvironmentForm
            key={creating ? NEW_ENVIRONMENT : selected?.id}
            environment={selected}
            onSaved={(saved) => show(saved.id)}
            onCancel={() => show(undefined)}
            onRemoved={() => show(undefined)}
          />
        ) : (
          status === 'ready' && (
            <EmptyState
              icon="box"
              title="No environments yet"
              action={
                <Button variant="primary" onClick={() => show(NEW_ENVIRONMENT)}>
                  New environment
                </Button>
              }
            >
              An environment is a local git repository plus how to prepare its sandbox: a setup script, variables, secrets and limits. Tasks start from one.
            </EmptyState>
          )
        )}
      </div>
    </div>
  );
}
