import { describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { eventsOf } from '../support/engine.js';
import { runCli } from '../support/cli.js';
import { useEngine } from '../support/engineFixture.js';
import { answer, byPrompt, patch } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

const CHECKS = [
  { name: 'tests', command: 'python3 -m unittest -q' },
  { name: 'adds', command: 'grep -q "a + b" calc.py', timeoutMs: 30_000 },
];
/** A check that leaves a file behind: it must not enter the result nor outlive the checks. */
const LITTERING = { command: 'echo ran > check-artifact.txt && test -f calc.py' };

describe('checks after every Code turn (real Docker, scripted model)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt === 'fix add') return [patch(FIX_CALC_PATCH), answer('Fixed.')];
      if (prompt === 'leave it') return [answer('Left as is.')];
      if (prompt === 'look again') return [answer('Looked.')];
      return undefined;
    }),
  );

  async function run(prompt: string, mode: 'code' | 'ask' = 'code'): Promise<Task> {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: `checks-${prompt}-${mode}`, repoPath: repo, checks: CHECKS });
    const [created] = (await engine.app.tasks.create({ prompt, mode, environment, checks: [LITTERING] })) as [Task];
    return waitForTask(engine.app, created.id);
  }

  function checkEnds(task: Task): Array<[string, number]> {
    return eventsOf(engine.app, task.id).flatMap((e) => (e.type === 'check.end' ? [[e.name, e.exitCode] as [string, number]] : []));
  }

  it('runs the environment\'s and the task\'s checks on the result, all passing after a fix, leaving nothing in the result', async () => {
    const task = await run('fix add');
    expect(task.status, task.error ?? '').toBe('succeeded');
    expect(checkEnds(task)).toEqual([
      ['tests', 0],
      ['adds', 0],
      ['echo ran > check-artifact.txt && test -f calc.py', 0],
    ]);
    expect(task).toMatchObject({ checksPassed: 3, checksFailed: 0, filesChanged: 1 });
    expect((await engine.app.results.diff(task.id)).toString()).not.toContain('check-artifact');
    const output = eventsOf(engine.app, task.id).flatMap((e) => (e.type === 'check.output' ? [e.text] : [])).join('');
    expect(output).toContain('OK');
    expect(engine.app.store.turns.list(task.id)[0]).toMatchObject({ checksPassed: 3, checksFailed: 0 });
  });

  it('marks a task whose checks fail, which still succeeded; a follow-up runs them again on a clean tree', async () => {
    const task = await run('leave it');
    expect(task.status).toBe('succeeded');
    expect(checkEnds(task)).toEqual([
      ['tests', 1],
      ['adds', 1],
      ['echo ran > check-artifact.txt && test -f calc.py', 0],
    ]);
    expect(task).toMatchObject({ checksPassed: 1, checksFailed: 2 });
    engine.app.tasks.followUp(task.id, 'look again');
    const again = await waitForTask(engine.app, task.id);
    expect(again).toMatchObject({ status: 'succeeded', checksFailed: 2, filesChanged: 0 });
    // The artifact of turn 1's check was cleaned away, so turn 2's result holds no file of it.
    expect((await engine.app.results.diff(task.id)).toString()).toBe('');
  });

  it('runs no checks for Ask tasks', async () => {
    const task = await run('leave it', 'ask');
    expect(task.status).toBe('succeeded');
    expect(checkEnds(task)).toEqual([]);
    expect(task.checksPassed).toBeNull();
  });

  it('refuses checks without a command or with a time limit out of range, saying which', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    await expect(engine.app.environments.create({ name: 'bad-checks', repoPath: repo, checks: [{ name: 'x', command: '  ' }] })).rejects.toThrow('Check 1 of environment "bad-checks" has no command');
    await expect(engine.app.environments.create({ name: 'bad-checks', repoPath: repo, checks: [{ command: 'true', timeoutMs: 10 }] })).rejects.toThrow('The time limit of check "true" is 10 ms');
  });

  it('codebay exec --check adds a check for one run; show and ls say how the checks went', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const env = { CODEBAY_HOME: engine.dirs.make(), OPENAI_BASE_URL: engine.model.baseUrl, OPENAI_API_KEY: 'sk-test', CODEBAY_MODEL: 'scripted', CODEBAY_WIRE: 'chat' };
    const result = await runCli(['exec', '--repo', repo, '--check', 'python3 -m unittest -q', 'leave it'], env, 300_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/check python3 -m unittest -q: \$ python3 -m unittest -q/);
    expect(result.stdout).toMatch(/check python3 -m unittest -q failed \(exit 1\)/);
    const listed = await runCli(['ls'], env);
    expect(listed.stdout).toContain('[checks failed: 1]');
  });
});

