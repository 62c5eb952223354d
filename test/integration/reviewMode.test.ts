import { describe, expect, it } from 'vitest';
import { Api } from '../../electron/api.js';
import type { Task } from '../../electron/store/types.js';
import { FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { runCli } from '../support/cli.js';
import { eventsOf, outputText } from '../support/engine.js';
import { useEngine } from '../support/engineFixture.js';
import { commitAll, sh, write } from '../support/gitFixture.js';
import type { RecordedRequest, Step, ToolCallSpec } from '../support/modelServer/index.js';
import { answer, patch, resultsSinceLastPrompt, shell, userTexts } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

/** The feature branch's calc.py: add is still wrong, and two new functions fail on empty or zero input. */
const FEATURE_CALC = 'def add(a, b):\n    return a - b\n\n\ndef divide(a, b):\n    return a / b\n\n\ndef mean(values):\n    return sum(values) / len(values)\n';
const FIX_DIVIDE_PATCH = ['*** Begin Patch', '*** Update File: calc.py', '@@ def divide(a, b):', '-    return a / b', '+    return a / b if b else 0.0', '*** End Patch'].join('\n');

function finding(title: string, priority: number, file: string, start: number, end?: number): ToolCallSpec {
  return { name: 'report_finding', arguments: { title, body: `**${title}**: see the code.`, priority, file, line_start: start, ...(end ? { line_end: end } : {}), confidence: 0.8 } };
}

/** The review of a branch: looks, reports a finding on a missing file and then three real ones, tries to edit, answers. */
function branchReview(prompt: string, results: number): Step {
  const base = /from commit ([0-9a-f]{40})/.exec(prompt)?.[1] ?? 'missing';
  // Keyed by how many tool results came back: the three findings come in one step, so three at once.
  const steps: Record<number, Step> = {
    0: shell(['bash', '-lc', `git rev-parse HEAD && git diff --stat ${base}`]),
    1: { toolCalls: [finding('A file that is not there', 1, 'nope.py', 1)] },
    2: { toolCalls: [finding('mean of nothing divides by zero', 2, 'calc.py', 9, 10), finding('divide crashes on zero', 0, '/workspace/calc.py', 5, 6), finding('add still subtracts', 1, 'calc.py', 2)] },
    5: patch('*** Begin Patch\n*** Add File: sneaky.txt\n+x\n*** End Patch'),
    6: shell(['bash', '-lc', 'echo scratch > scratch.txt && echo wrote']),
  };
  return steps[results] ?? answer('Not ready to merge: divide and mean fail on empty or zero input.');
}

function script(request: RecordedRequest): Step {
  const prompt = userTexts(request).at(-1) ?? '';
  const results = resultsSinceLastPrompt(request);
  if (prompt.startsWith('Review branch feature')) return branchReview(prompt, results);
  if (prompt.startsWith('Review the result of task')) return results === 0 ? { toolCalls: [finding('add has no test for negatives', 3, 'calc.py', 2)] } : answer('Fine apart from a nit.');
  if (prompt.startsWith('Review the uncommitted changes')) return answer('Looks right.');
  if (prompt.startsWith('A code review found this problem') && prompt.includes('divide crashes on zero')) return results === 0 ? patch(FIX_DIVIDE_PATCH) : answer('divide returns 0.0 for a zero divisor now.');
  if (prompt.startsWith('A code review found this problem')) return answer('Added nothing: the nit is noted.');
  if (prompt === 'fix add') return results === 0 ? patch(FIX_CALC_PATCH) : answer('Fixed.');
  throw new Error(`no plan for ${JSON.stringify(prompt.slice(0, 80))}`);
}

describe('review mode: an AI review of a change, its findings, and Fix this (real Docker, scripted model)', () => {
  const engine = useEngine(script);

  /** The calc repo with a feature branch of two commits; the working tree stays on main. */
  function repoWithFeature(): { repo: string; mergeBase: string; tip: string } {
    const repo = makeCalcRepo(engine.dirs.make());
    const mergeBase = sh(repo, ['rev-parse', 'HEAD']);
    sh(repo, ['checkout', '--quiet', '-b', 'feature']);
    write(repo, 'calc.py', FEATURE_CALC.replace(/\n\n\ndef mean[\s\S]*/, '\n'));
    commitAll(repo, 'divide');
    write(repo, 'calc.py', FEATURE_CALC);
    const tip = commitAll(repo, 'mean');
    sh(repo, ['checkout', '--quiet', 'main']);
    write(repo, 'NOTES.md', 'main moved on\n');
    commitAll(repo, 'notes on main');
    return { repo, mergeBase, tip };
  }

  function firstPromptOf(taskId: string): string {
    return engine.app.store.turns.list(taskId)[0]?.prompt ?? '';
  }

  it('reviews a branch against its merge base without editing it, keeps three findings by priority, and Fix this starts a Code task on the branch', async () => {
    const { repo, mergeBase, tip } = repoWithFeature();
    const environment = await engine.app.environments.create({ name: 'review-branch', repoPath: repo });
    const created = await engine.app.tasks.review({ target: { kind: 'branch', branch: 'feature' }, environment, focus: 'empty input' });
    expect(created).toMatchObject({ mode: 'review', reviewTarget: { kind: 'branch', branch: 'feature', base: 'main' }, reviewBase: mergeBase, baseCommit: tip, title: 'Review of branch feature against main' });
    expect(firstPromptOf(created.id)).toContain(`git diff ${mergeBase}`);
    expect(firstPromptOf(created.id)).toContain('Look closely at this:\nempty input');
    const review = await waitForTask(engine.app, created.id);
    expect(review.status, review.error ?? '').toBe('succeeded');

    // The sandbox held the branch's tip, and the diff is the branch's own change, not main's later commit.
    expect(outputText(engine.app, review.id)).toContain(tip);
    expect(outputText(engine.app, review.id)).toContain('calc.py');
    const stats = await engine.app.results.stats(review.id);
    expect(stats.files.map((f) => f.path)).toEqual(['calc.py']);

    const findings = engine.app.store.findings.list(review.id);
    expect(findings.map((f) => [f.priority, f.title, f.path, f.startLine, f.endLine, f.status])).toEqual([
      [0, 'divide crashes on zero', 'calc.py', 5, 6, 'open'],
      [1, 'add still subtracts', 'calc.py', 2, 2, 'open'],
      [2, 'mean of nothing divides by zero', 'calc.py', 9, 10, 'open'],
    ]);
    expect(review.findingsOpen).toBe(3);
    const reported = eventsOf(engine.app, review.id).filter((e) => e.type === 'finding.reported');
    expect(reported).toHaveLength(3);

    // The bad call was answered with what to correct; the edit was refused; what the shell wrote was thrown away.
    const toolResults = JSON.stringify(engine.model.requests.at(-1)?.body);
    expect(toolResults).toContain('there is no file nope.py in the workspace');
    expect(toolResults).toContain('apply_patch is not available in this read-only task');
    expect(review.filesChanged).toBe(0);
    expect((await engine.app.results.stats(review.id)).files.map((f) => f.path)).toEqual(['calc.py']);
    await expect(engine.app.results.exportPatch(review.id, 'patch')).rejects.toThrow('Review tasks change no files, so “Review of branch feature against main” has nothing to export');

    // Dismiss quiets one; Fix this on another starts a Code task on the branch quoting the finding.
    const api = new Api(engine.app, 'websocket');
    const dismissed = (await api.call('findings.dismiss', { id: findings[2]?.id, dismissed: true })) as { status: string };
    expect(dismissed.status).toBe('dismissed');
    const fixed = (await api.call('findings.fix', { id: findings[0]?.id })) as { task: Task; turn: number; finding: { status: string; fixTaskId: string } };
    expect(fixed.finding).toMatchObject({ status: 'fixing', fixTaskId: fixed.task.id });
    expect(fixed.task).toMatchObject({ mode: 'code', baseRef: 'feature', baseCommit: tip });
    expect(engine.app.store.tasks.get(review.id)?.findingsOpen).toBe(1);
    const fixPrompt = firstPromptOf(fixed.task.id);
    expect(fixPrompt).toContain('divide crashes on zero\ncalc.py, lines 5-6');
    expect(fixPrompt).toContain('```\ndef divide(a, b):\n    return a / b\n```');
    await expect(api.call('findings.fix', { id: findings[0]?.id })).rejects.toThrow(/A fix of “divide crashes on zero” was already started/);
    const fix = await waitForTask(engine.app, fixed.task.id);
    expect(fix).toMatchObject({ status: 'succeeded', filesChanged: 1 });
    expect((await engine.app.results.diff(fix.id)).toString()).toContain('+    return a / b if b else 0.0');
  });

  it('reviews a task\'s result, and Fix this sends a Code follow-up to that task', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: 'review-task', repoPath: repo });
    const [code] = (await engine.app.tasks.create({ prompt: 'fix add', mode: 'code', environment })) as [Task];
    const done = await waitForTask(engine.app, code.id);
    expect(done.status).toBe('succeeded');
    const created = await engine.app.tasks.review({ target: { kind: 'task', taskId: code.id } });
    expect(created).toMatchObject({ environmentId: environment.id, reviewBase: done.baseCommit, title: 'Review of the result of task “fix add”' });
    const review = await waitForTask(engine.app, created.id);
    expect(review.status, review.error ?? '').toBe('succeeded');
    expect((await engine.app.results.diff(review.id)).toString()).toContain('+    return a + b');
    const [nit] = engine.app.store.findings.list(review.id);
    expect(nit).toMatchObject({ priority: 3, path: 'calc.py', startLine: 2 });
    const fixed = (await new Api(engine.app, 'websocket').call('findings.fix', { id: nit?.id })) as { task: Task; turn: number };
    expect(fixed).toMatchObject({ task: { id: code.id, status: 'queued' }, turn: 2 });
    const followed = await waitForTask(engine.app, code.id);
    expect(followed.status).toBe('succeeded');
    expect(engine.app.store.turns.list(code.id)[1]?.prompt).toContain('add has no test for negatives\ncalc.py, line 2');
    await expect(engine.app.tasks.review({ target: { kind: 'task', taskId: review.id } })).rejects.toThrow('Task “Review of the result of task “fix add”” is a Review task, which changes no files');
  });

  it('reviews the uncommitted changes of the working tree, and says when there are none', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: 'review-uncommitted', repoPath: repo });
    await expect(engine.app.tasks.review({ target: { kind: 'uncommitted' }, environment })).rejects.toThrow(/has no uncommitted changes/);
    write(repo, 'calc.py', 'def add(a, b):\n    return b + a\n');
    write(repo, 'new_module.py', 'VALUE = 1\n');
    const created = await engine.app.tasks.review({ target: { kind: 'uncommitted' }, environment });
    const review = await waitForTask(engine.app, created.id);
    expect(review.status, review.error ?? '').toBe('succeeded');
    expect((await engine.app.results.stats(review.id)).files.map((f) => f.path).sort()).toEqual(['calc.py', 'new_module.py']);
    expect(engine.app.store.findings.list(review.id)).toEqual([]);
    // The user's repository was only read: its working tree and index are as they were.
    expect(sh(repo, ['status', '--porcelain'])).toBe(' M calc.py\n?? new_module.py');
  });

  it('prints a branch review\'s findings with `codebay review`, as text and JSON, and fails on a priority when asked', async () => {
    const { repo } = repoWithFeature();
    const env = { CODEBAY_HOME: engine.dirs.make('codebay-review-cli-'), OPENAI_BASE_URL: engine.model.baseUrl, OPENAI_API_KEY: 'sk-review-cli-0123456789', CODEBAY_MODEL: 'scripted', CODEBAY_WIRE: 'chat', CODEBAY_POOL_SIZE: '0' };
    const json = await runCli(['review', '--branch', 'feature', '--repo', repo, '--json'], env, 240_000);
    expect(json.code, json.stderr).toBe(0);
    const printed = JSON.parse(json.stdout) as { task: { id: string; status: string }; findings: Array<{ priority: number; title: string }> };
    expect(printed.task.status).toBe('succeeded');
    expect(printed.findings.map((f) => [f.priority, f.title])).toEqual([
      [0, 'divide crashes on zero'],
      [1, 'add still subtracts'],
      [2, 'mean of nothing divides by zero'],
    ]);
    const shown = await runCli(['show', printed.task.id], env);
    expect(shown.stdout).toContain('  reviews   branch feature against main (');
    expect(shown.stdout).toContain('  finding   P0 calc.py:5-6 divide crashes on zero');
    const text = await runCli(['review', '--branch', 'feature', '--base', 'main', '--repo', repo, '--fail-on', 'P1'], env, 240_000);
    expect(text.code, text.stderr).toBe(3);
    expect(text.stdout).toContain('Review succeeded: 3 finding(s)');
    expect(text.stdout).toMatch(/P0 {2}calc\.py:5-6 {2}divide crashes on zero \(confidence 0\.80\)/);
    const none = await runCli(['review', '--repo', repo], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name exactly one change to review');
    const exec = await runCli(['exec', '--repo', repo, '--mode', 'review', 'look'], env);
    expect(exec.code).toBe(2);
    expect(exec.stderr).toContain('a review needs the change it reviews');
  });
});
