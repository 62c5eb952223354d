import { describe, expect, it } from 'vitest';
import { Api } from '../../electron/api.js';
import { attemptDiff } from '../../electron/review/attemptDiff.js';
import type { Task } from '../../electron/store/types.js';
import type { DiffSummaryView, FileVersionsView } from '../../shared/types.js';
import { FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { runCli } from '../support/cli.js';
import { useEngine } from '../support/engineFixture.js';
import type { StepFunction } from '../support/modelServer/index.js';
import { answer, patch, resultsSinceLastPrompt, userTexts } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';
import { FIX_WITH_DOCSTRING } from '../support/threeRoads.js';

const FIX_PROMPT = 'fix add';

/** The fix launch: the first two attempts to ask make the same fix, the third adds a docstring; any other prompt changes nothing. */
function twoAlike(): StepFunction {
  let fixes = 0;
  return (request) => {
    if (resultsSinceLastPrompt(request) > 0) return answer('Done.');
    if (userTexts(request).at(-1) !== FIX_PROMPT) return answer('Nothing to change.');
    return patch(fixes++ < 2 ? FIX_CALC_PATCH : FIX_WITH_DOCSTRING);
  };
}

describe('diffing two attempts of a best-of-N (real Docker and git, scripted model)', () => {
  const engine = useEngine(twoAlike());

  it('lists the files two results differ in, refuses attempts of another launch, and says which attempt has no result and why', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.forRepo(repo);
    const { app } = engine;
    const launch = (prompt: string, attempts: number) => app.tasks.create({ prompt, mode: 'code', environment, attempts }) as Promise<Task[]>;

    const fixes = await launch(FIX_PROMPT, 3);
    for (const attempt of fixes) await waitForTask(app, attempt.id);
    const byLines = (added: number) => fixes.filter((t) => app.store.tasks.get(t.id)?.linesAdded === added);
    const [plain, twin] = byLines(1);
    const [docstring] = byLines(2);
    if (!plain || !twin || !docstring) throw new Error('expected two plain fixes and one with a docstring');

    const alike = await attemptDiff(app.store, app.results, plain.id, twin.id);
    expect(alike).toEqual({ files: [], totals: { filesChanged: 0, linesAdded: 0, linesRemoved: 0 } });

    const api = new Api(app, 'websocket');
    const differ = (await api.call('tasks.compareDiff', { a: plain.id, b: docstring.id })) as DiffSummaryView;
    expect(differ.files).toEqual([{ path: 'calc.py', status: 'modified', added: 1, removed: 0, binary: false }]);
    const backwards = await attemptDiff(app.store, app.results, docstring.id, plain.id);
    expect(backwards.totals).toEqual({ filesChanged: 1, linesAdded: 0, linesRemoved: 1 });
    const versions = (await api.call('tasks.compareFileVersions', { a: plain.id, b: docstring.id, path: 'calc.py' })) as FileVersionsView;
    expect(versions.original).toContain('return a + b');
    expect(versions.original).not.toContain('Adds a and b');
    expect(versions.modified).toContain('    """Adds a and b."""\n    return a + b');
    await expect(api.call('tasks.compareDiff', { a: plain.id })).rejects.toThrow(/invalid params for tasks.compareDiff: b:/);

    const others = await launch('look around', 2);
    const [other, otherTwin] = others as [Task, Task];
    await expect(attemptDiff(app.store, app.results, other.id, otherTwin.id)).rejects.toThrow(
      new RegExp(`Attempt ${other.attempt} \\(${other.id}\\) has no result yet: it is still (queued|preparing|running)\\. Wait until it finishes, or pick another attempt`),
    );
    for (const attempt of others) await waitForTask(app, attempt.id);
    await expect(attemptDiff(app.store, app.results, plain.id, other.id)).rejects.toThrow(`Tasks ${plain.id} and ${other.id} are not attempts of the same launch`);

    const [kept, cancelled] = (await launch('look around', 2)) as [Task, Task];
    app.tasks.cancel(cancelled.id);
    await waitForTask(app, kept.id);
    expect((await waitForTask(app, cancelled.id)).status).toBe('cancelled');
    await expect(attemptDiff(app.store, app.results, kept.id, cancelled.id)).rejects.toThrow(
      `Attempt ${cancelled.attempt} (${cancelled.id}) has no result: it was cancelled before its first turn finished. Retry it, or pick another attempt`,
    );

    const env = { CODEBAY_HOME: app.home };
    const [numberA, numberB] = [String(plain.attempt), String(docstring.attempt)];
    const listed = await runCli(['compare', plain.id, '--diff', numberA, numberB], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^modified\s+\+1 −0\s+calc\.py$/m);
    expect(listed.stdout).toContain(`1 file(s) differ from attempt ${numberA} to attempt ${numberB}, +1 −0`);
    const same = await runCli(['compare', plain.id, '--diff', numberA, String(twin.attempt), '--json'], env);
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ a: plain.id, b: twin.id, files: [] });
    const bad = await runCli(['compare', plain.id, '--diff', numberA, '9'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--diff must name two attempt numbers of this launch (1, 2, 3), not "9"');
  });
});
