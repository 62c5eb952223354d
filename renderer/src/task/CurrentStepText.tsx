import type { TaskView } from '../../../shared/types';
import { formatDuration } from '../ui/format';
import { currentStep } from './currentStep';
import { useTaskState } from './taskContext';
import { queueText } from '../../../shared/queueText';
import { useQueuePlace } from './useQueuePlace';

/** What a task is doing now, beside its status: its place in the queue, or the running turn's step. */
export function CurrentStepText({ task, now }: { task: TaskView; now: number }) {
  const events = useTaskState((s) => s.conversation);
  const place = useQueuePlace(task);
  if (task.status === 'queued') {
    return place ? (
      <span className="tv-step" data-testid="current-step">
        {queueText(place).replace(/^Queued · /, '')}
      </span>
    ) : null;
  }
  if (task.status !== 'running') return null;
  const step = currentStep(events);
  return (
    <span className="tv-step" data-testid="current-step">
      {step.kind === 'command' ? (
        <>
          running <code>{step.text}</code> · {formatDuration(Math.max(0, now - step.since))}
        </>
      ) : (
        step.text
      )}
    </span>
  );
}
