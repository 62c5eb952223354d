import { describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { eventsOf, outputText } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { sh } from '../support/gitFixture.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';
import { waitForTask, whenTask } from '../support/taskWait.js';

const NOTES_PATCH = ['*** Begin Patch', '*** Add File: NOTES.md', '+# Notes', '+add adds now', '*** End Patch'].join('\n');

describe('a running task\'s +/− (real Docker, scripted model)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt === 'fix slowly') return [patch(FIX_CALC_PATCH), patch(NOTES_PATCH), shell(['bash', '-c', 'git add calc.py && sleep 6 && git status --porcelain']), answer('Fixed add and wrote notes.')];
      return undefined;
    }),
  );

  it('counts the live workspace while the turn runs (new files too, the agent\'s own staging untouched), then the result', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.forRepo(repo);
    const [created] = (await engine.app.tasks.create({ prompt: 'fix slowly', mode: 'code', environment })) as [Task];
    const during = await whenTask(
      engine.app,
      created.id,
      () => {
        const task = engine.app.store.tasks.get(created.id);
        return task?.status === 'running' && task.filesChanged === 2 ? task : undefined;
      },
      () => 'the task never showed its changes while running',
      120_000,
    );
    expect(during).toMatchObject({ linesAdded: 3, linesRemoved: 1 });
    const done = await waitForTask(engine.app, created.id);
    expect(done).toMatchObject({ status: 'succeeded', filesChanged: 2, linesAdded: 3, linesRemoved: 1 });
    const stats = eventsOf(engine.app, done.id).filter((e) => e.type === 'diff.stats');
    // At least one count while running, and the final one from the mirror; the same totals, each reported once in a row.
    expect(stats.length).toBeGreaterThanOrEqual(2);
    expect(stats.at(-1)).toMatchObject({ filesChanged: 2, linesAdded: 3, linesRemoved: 1 });
    expect((await engine.app.results.diff(done.id)).toString()).toContain('+add adds now');
    // Counted through a copy of the index: what the agent staged, and did not, stayed so.
    expect(outputText(engine.app, done.id)).toContain('M  calc.py\n?? NOTES.md');
    expect(sh(repo, ['status', '--porcelain'])).toBe('');
  });
});
