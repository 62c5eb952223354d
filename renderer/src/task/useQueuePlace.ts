import { useEffect, useState } from 'react';
import type { TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import type { QueuePlace } from '../../../shared/queueText';

/**
 * Where a queued task stands in the line for a free slot; read again whenever any task
 * changes (one starting or ending moves the line), and null while the task is not queued.
 */
export function useQueuePlace(task: TaskView | undefined): QueuePlace | null {
  const [place, setPlace] = useState<QueuePlace | null>(null);
  const queued = task?.status === 'queued';
  const taskId = task?.id;
  useEffect(() => {
    if (!queued || !taskId) {
      setPlace(null);
      return;
    }
    let current = true;
    const read = (): void => {
      bridge.call('tasks.queue', {}).then(
        ({ running, limit, queued: line }) => {
          const at = line.indexOf(taskId);
          if (current) setPlace(at === -1 ? null : { position: at + 1, running, limit });
        },
        // The status alone still says "Queued"; the place is a nicety.
        () => undefined,
      );
    };
    read();
    const stop = bridge.subscribe(['task.updated'], read);
    return () => {
      current = false;
      stop();
    };
  }, [queued, taskId]);
  return place;
}
