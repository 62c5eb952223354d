import { describe, expect, it } from 'vitest';
import { Api } from '../../electron/api.js';
import type { Task } from '../../electron/store/types.js';
import type { AppEvent } from '../../shared/protocol.js';
import type { TaskView } from '../../shared/types.js';
import { FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { useEngine } from '../support/engineFixture.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { waitForTask, whenTask } from '../support/taskWait.js';

describe('a running task\'s current step and work time (real Docker, scripted model)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt === 'fix and test slowly') return [patch(FIX_CALC_PATCH), { ...shell(['bash', '-lc', 'sleep 4 && python3 -c "print(1)"']), delayMs: 1500 }, answer('Fixed add.')];
      if (prompt === 'and once more') return [shell(['bash', '-lc', 'sleep 1']), answer('Done again.')];
      return undefined;
    }),
  );

  it('shows the command running, announces each step once, clears it at the end and counts only turn time', async () => {
    const api = new Api(engine.app, 'websocket');
    const announced: TaskView[] = [];
    const unsubscribe = api.subscribe((event: AppEvent) => {
      if (event.type === 'task.updated') announced.push(event.task);
    });
    try {
      const repo = makeCalcRepo(engine.dirs.make());
      const environment = await engine.app.environments.forRepo(repo);
      const [created] = (await engine.app.tasks.create({ prompt: 'fix and test slowly', mode: 'code', environment })) as [Task];
      const during = await whenTask(
        engine.app,
        created.id,
        () => {
          const task = engine.app.store.tasks.get(created.id);
          return task?.activity?.text.startsWith('running') ? task : undefined;
        },
        () => 'the task never showed the command it was running',
        120_000,
      );
      expect(during.activity?.text).toBe('running `sleep 4 && python3 -c "print(1)"`');
      expect(during.turnStartedAt).not.toBeNull();
      const done = await waitForTask(engine.app, created.id);
      expect(done).toMatchObject({ status: 'succeeded', activity: null, turnStartedAt: null });
      expect(done.workMs).toBeGreaterThanOrEqual(4000);

      const steps = announced.filter((t) => t.id === created.id && t.activity).map((t) => t.activity?.text);
      expect(steps).toContain('editing calc.py');
      expect(steps).toContain('running `sleep 4 && python3 -c "print(1)"`');
      // A step is announced when it starts, not again for every delta of the same step.
      const repeats = steps.filter((text, i) => i > 0 && text === steps[i - 1]);
      expect(repeats.length).toBeLessThanOrEqual(2);
      expect(announced.filter((t) => t.id === created.id).at(-1)?.activity).toBeNull();

      // Idle time between turns is not work time: the second turn adds its own time only.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await engine.app.tasks.followUp(created.id, 'and once more');
      const again = await waitForTask(engine.app, created.id);
      const turns = engine.app.store.turns.list(created.id);
      const turnTime = turns.reduce((sum, t) => sum + ((t.finishedAt ?? 0) - (t.startedAt ?? 0)), 0);
      expect(again.workMs).toBeGreaterThan(done.workMs);
      expect(Math.abs(again.workMs - turnTime)).toBeLessThan(1000);
      expect(again.workMs).toBeLessThan((again.finishedAt ?? 0) - (again.startedAt ?? 0) - 2000);
    } finally {
      unsubscribe();
    }
  });
});
