import type { TaskView } from '../../../shared/types';
import { statusLabel } from '../ui/status';
import { StatusIcon } from '../ui/StatusIcon';

/** The attempts of a best-of-N inside its one row: each one's status, a click opens it. */
export function AttemptChips({ attempts, lead, onOpen }: { attempts: readonly TaskView[]; lead: TaskView; onOpen: (task: TaskView) => void }) {
  return (
    <span className="attempt-chips" role="group" aria-label={`${attempts.length} attempts`}>
      {attempts.map((attempt) => (
        <button
          key={attempt.id}
          type="button"
          tabIndex={-1}
          className={`attempt-chip${attempt.id === lead.id ? ' is-lead' : ''}`}
          data-attempt={attempt.attempt}
          title={`Attempt ${attempt.attempt}: ${statusLabel(attempt.status)}${attempt.status === 'succeeded' ? `, +${attempt.linesAdded} −${attempt.linesRemoved}` : ''}${attempt.id === lead.id ? ' (shown)' : ''}`}
          onClick={(event) => {
            event.stopPropagation();
            onOpen(attempt);
          }}
        >
          <StatusIcon status={attempt.status} size={11} />
          {attempt.attempt}
        </button>
      ))}
    </span>
  );
}
