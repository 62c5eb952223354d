import { useEffect, useState } from 'react';
import { MODES } from '../../../shared/modes';
import type { ShipStateView, TaskDetail } from '../../../shared/types';
import { bridge } from '../bridge';

/**
 * Where the task's branch and push stand against its newest result (and the branch name to
 * suggest, the pull request page), read again when a turn
 * adds a result, the branch or push changes, or `reload` is called after shipping.
 */
export function useShipState(detail: TaskDetail): { ship: ShipStateView | null; reload: () => void } {
  const { task } = detail;
  const latestTurn = detail.turns.filter((t) => t.hasResult).at(-1)?.turn ?? 0;
  const [version, setVersion] = useState(0);
  const [ship, setShip] = useState<ShipStateView | null>(null);

  useEffect(() => {
    if (!MODES[task.mode].keepsChanges || latestTurn === 0) return;
    let current = true;
    bridge.call('tasks.shipState', { id: task.id }).then(
      (view) => {
        if (current) setShip(view);
      },
      // The header then names the branch and push without their turns; the actions say what fails.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [task.id, task.mode, latestTurn, task.branchName, task.pushedTo, version]);

  return { ship, reload: () => setVersion((v) => v + 1) };
}
