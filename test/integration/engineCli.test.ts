import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../electron/app.js';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { TaskEvent } from '../../shared/events.js';
import { makeCalcRepo, FIX_CALC_PATCH } from '../support/calcRepo.js';
import { codebayBin, repoRoot, runCli } from '../support/cli.js';
import { requireSandboxImage } from '../support/docker.js';
import { waitFor } from '../support/waitFor.js';
import { sh, TempDirs, userRepoState } from '../support/gitFixture.js';
import { startModelServer, type ModelServer } from '../support/modelServer/index.js';
import { answer, byPrompt, patch, shell } from '../support/scripts.js';

describe('the codebay CLI drives tasks (real Docker)', () => {
  const dirs = new TempDirs();
  let model: ModelServer;
  let repo: string;
  const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-cli-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await requireSandboxImage();
    model = await startModelServer(
      byPrompt((prompt) => {
        if (prompt.startsWith('fix')) return [patch(FIX_CALC_PATCH), shell(['python3', '-m', 'unittest', '-q']), answer('Fixed add 【F:calc.py†L2】')];
        if (prompt.startsWith('hang')) return [shell(['bash', '-c', 'echo hanging; sleep 600']), answer('never')];
        if (prompt.startsWith('resume')) return [answer('resumed and done')];
        if (prompt.startsWith('explain')) return [shell(['cat', 'calc.py']), answer('It subtracts 【F:calc.py†L2】')];
        return undefined;
      }),
    );
    repo = makeCalcRepo(dirs.make());
    env = { CODEBAY_HOME: home, OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'sk-cli-key-0123456789', CODEBAY_MODEL: 'scripted', CODEBAY_WIRE: 'chat', CODEBAY_POOL_SIZE: '0' };
  });

  afterAll(async () => {
    await model?.close();
    dirs.cleanup();
  });

  it('exec --json prints the stored events one per line, then a summary, and exits 0', async () => {
    const result = await runCli(['exec', '--repo', repo, '--json', 'fix the calc test'], env, 300_000);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.at(-1) as { id: string; status: string; linesAdded: number; linesRemoved: number; filesChanged: number };
    expect(summary).toEqual({ id: expect.any(String), status: 'succeeded', linesAdded: 1, linesRemoved: 1, filesChanged: 1 });
    const events = lines.slice(0, -1) as unknown as TaskEvent[];
    const app = createApp({ home });
    try {
      expect(events).toEqual(app.store.events.page(summary.id, 0, 10_000));
    } finally {
      await app.close();
    }
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));

    const ls = await runCli(['ls'], env);
    expect(ls.stdout).toMatch(/succeeded\s+\+1 −1.*fix the calc test/);
    const stat = await runCli(['diff', summary.id.slice(-8), '--stat'], env);
    expect(stat.stdout).toContain('+1 −1          calc.py');
    const out = path.join(dirs.make(), 'fix.patch');
    expect((await runCli(['export', summary.id, '--format', 'patch', '-o', out], env)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('+    return a + b');
    const show = await runCli(['show', summary.id], env);
    expect(show.stdout).toMatch(/turn 1\s+succeeded: fix the calc test/);
  });

  it('ask mode answers and discards any change', async () => {
    const result = await runCli(['exec', '--repo', repo, '--mode', 'ask', '--json', 'explain calc'], env, 300_000);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { filesChanged: number; status: string };
    expect(summary).toMatchObject({ status: 'succeeded', filesChanged: 0 });
  });

  it('manages environments and refuses bad input clearly', async () => {
    const created = await runCli(['env', 'create', '--name', 'calc-env', '--repo', repo, '--agent-network', 'off', '--secret', 'TOKEN=s3cr3t-value-xyz'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('secrets        TOKEN');
    expect((await runCli(['env', 'ls'], env)).stdout).toContain('calc-env');
    const missing = await runCli(['env', 'create', '--name', 'x', '--repo', '/nonexistent/repo'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/\/nonexistent\/repo/);
    const notRepo = await runCli(['env', 'create', '--name', 'y', '--repo', dirs.make()], env);
    expect(notRepo.stderr).toMatch(/not a git repository/i);
    const badRef = await runCli(['exec', '--repo', repo, '--base', 'no-such-branch', 'fix it'], env);
    expect(badRef.code).toBe(1);
    expect(badRef.stderr).toContain('no-such-branch');
    expect((await runCli(['exec', '--attempts', '9', 'x'], env)).code).toBe(2);
    const db = readFileSync(path.join(home, 'codebay.db'));
    expect(db.includes(Buffer.from('s3cr3t-value-xyz'))).toBe(false);
    expect((await runCli(['env', 'rm', 'calc-env'], env)).code).toBe(0);
  });

  it('cancels, from another process, a task that `codebay exec` runs, and logs --follow ends with it', async () => {
    const child: ChildProcess = spawn(process.execPath, [codebayBin, 'exec', '--repo', repo, 'hang for cancel'], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const watcher = createApp({ home });
    let taskId = '';
    try {
      taskId = await waitFor(
        'the command to hang',
        () => {
          const task = watcher.store.tasks.list({ search: 'hang for cancel' }, { limit: 1 })[0];
          return task && watcher.store.events.page(task.id, 0, 1000).some((e) => e.type === 'exec.output' && e.text.includes('hanging')) ? task.id : undefined;
        },
        120_000,
      );
    } finally {
      await watcher.close();
    }
    const follower = runCli(['logs', taskId.slice(-8), '--follow'], env, 60_000);
    const cancelled = await runCli(['cancel', taskId.slice(-8)], env, 30_000);
    expect(cancelled.code, cancelled.stdout + cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain('is cancelled');
    expect(await exited).toBe(1);
    const followed = await follower;
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain('$ bash -c echo hanging; sleep 600');
    expect(followed.stdout.trim().split('\n').at(-1)).toBe('• cancelled');
  });

  it('after kill -9 of a process with a running task, the next start removes its sandbox and marks it interrupted with its log intact', async () => {
    const child: ChildProcess = spawn(process.execPath, [codebayBin, 'exec', '--repo', repo, 'hang here'], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'ignore' });
    const watcher = createApp({ home });
    let taskId = '';
    try {
      taskId = await waitFor(
        'the hanging command',
        () => {
          const task = watcher.store.tasks.list({ search: 'hang here' }, { limit: 1 })[0];
          if (!task) return undefined;
          const output = watcher.store.events.page(task.id, 0, 1000).some((e) => e.type === 'exec.output' && e.text.includes('hanging'));
          return output ? task.id : undefined;
        },
        120_000,
      );
    } finally {
      await watcher.close();
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const { docker } = await requireSandboxImage();
    const leftBefore = (await docker.listContainers({ all: true })).filter((c) => c.Names.some((n) => n.includes(taskId)) || c.Labels[LABEL.task] === taskId);
    expect(leftBefore.length).toBe(1);

    const restarted = createApp({ home, env: { ...process.env, ...env } });
    try {
      await restarted.startEngine();
      const left = (await docker.listContainers({ all: true })).filter((c) => c.Names.some((n) => n.includes(taskId)) || c.Labels[LABEL.task] === taskId);
      expect(left).toEqual([]);
      const task = restarted.store.tasks.get(taskId);
      expect(task?.status).toBe('interrupted');
      restarted.store.events.flush();
      const events = restarted.store.events.page(taskId, 0, 1000);
      expect(events.some((e) => e.type === 'exec.output' && e.text.includes('hanging'))).toBe(true);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.at(-1)).toMatchObject({ type: 'task.status', status: 'interrupted' });
      expect((restarted.store.db.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]?.integrity_check).toBe('ok');
    } finally {
      await restarted.close();
    }
    const resumed = await runCli(['followup', taskId, 'resume please'], env, 300_000);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('resumed and done');
    expect(userRepoState(repo).headCommit).toBe(sh(repo, ['rev-parse', 'main']));
  });
});
