import type { TaskView } from '../../../shared/types';
import { DiffCounts } from '../ui/DiffCounts';
import { statusLabel } from '../ui/status';
import { StatusIcon } from '../ui/StatusIcon';

/** Best-of-N: one button per attempt, the shown one pressed. */
export function AttemptSwitcher({ siblings, currentId, onSwitch }: { siblings: TaskView[]; currentId: string; onSwitch: (id: string) => void }) {
  if (siblings.length < 2) return null;
  return (
    <div className="segmented tv-attempts" role="group" aria-label="Attempts">
      {siblings.map((s) => (
        <button
          key={s.id}
          type="button"
          className={s.id === currentId ? 'is-on' : undefined}
          aria-pressed={s.id === currentId}
          title={`Attempt ${s.attempt}: ${statusLabel(s.status)}`}
          onClick={() => {
            if (s.id !== currentId) onSwitch(s.id);
          }}
        >
          <StatusIcon status={s.status} size={13} />
          Attempt {s.attempt}
          <DiffCounts added={s.linesAdded} removed={s.linesRemoved} />
        </button>
      ))}
    </div>
  );
}
