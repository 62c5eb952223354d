import { describe, expect, it } from 'vitest';
import type { AttemptRow } from '../../shared/types.js';
import type { Task } from '../../electron/store/types.js';
import { makeCalcRepo } from '../support/calcRepo.js';
import { runCli } from '../support/cli.js';
import { useEngine } from '../support/engineFixture.js';
import { threeRoads } from '../support/threeRoads.js';
import { waitForTask } from '../support/taskWait.js';

describe('comparing the attempts of a best-of-3 and choosing one (real Docker, scripted model)', () => {
  const engine = useEngine(threeRoads());

  it('shows each attempt\'s changes and commands, keeps the chosen one, archives the others, and exports the chosen one\'s diff', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.forRepo(repo);
    const attempts = (await engine.app.tasks.create({ prompt: 'fix add', mode: 'code', environment, attempts: 3 })) as Task[];
    for (const attempt of attempts) await waitForTask(engine.app, attempt.id);

    const env = { CODEBAY_HOME: engine.app.home };
    const listed = await runCli(['compare', attempts[0]?.id ?? '', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const rows = JSON.parse(listed.stdout) as AttemptRow[];
    expect(rows.map((row) => row.attempt)).toEqual([1, 2, 3]);
    expect(rows.every((row) => row.status === 'succeeded' && row.wallMs !== null && row.inputTokens > 0)).toBe(true);
    const shapes = rows.map((row) => [row.linesAdded, row.linesRemoved, row.commands]).sort();
    expect(shapes).toEqual([
      [0, 0, 0],
      [1, 1, 1],
      [2, 1, 0],
    ]);

    const best = rows.find((row) => row.linesAdded === 2);
    const chosen = await runCli(['compare', attempts[0]?.id ?? '', '--use', String(best?.attempt)], env);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).toMatch(new RegExp(`^${best?.attempt}\\*\\s`, 'm'));
    expect(chosen.stdout).toContain('the others are archived');
    for (const row of rows) {
      const task = engine.app.store.tasks.get(row.id);
      expect([task?.chosen, task?.archived]).toEqual(row.id === best?.id ? [true, false] : [false, true]);
    }
    const exported = (await engine.app.results.exportPatch(best?.id ?? '', 'patch')).toString();
    expect(exported).toContain('+    """Adds a and b."""');

    const bad = await runCli(['compare', attempts[0]?.id ?? '', '--use', '7'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--use must be an attempt number of this launch (1, 2, 3), not "7"');
  });
});
