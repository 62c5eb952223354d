import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentBackendName } from '../../shared/agents.js';
import type { Task } from '../../electron/store/types.js';
import { FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { runCli } from '../support/cli.js';
import { byMarker } from '../support/cliScripts.js';
import { eventsOf, outputText } from '../support/engine.js';
import { useEngine, type EngineFixture } from '../support/engineFixture.js';
import { TempDirs } from '../support/gitFixture.js';
import { startModelServer, type ModelServer, type Step } from '../support/modelServer/index.js';
import { waitForTask } from '../support/taskWait.js';
import { waitFor } from '../support/waitFor.js';

/** Two turns of a real CLI (opencode starts slowest), each allowed the task wait's two minutes. */
const CLI_TURNS_TIMEOUT_MS = 240_000;
/** The provider key testApp configures: it must never be inside a sandbox. */
const PROVIDER_KEY = 'sk-test-key-0123456789';
const REVERSED_KEY = [...PROVIDER_KEY].reverse().join('');

/**
 * Run as the agent from inside the CLI's turn: every process's command line, every environment
 * the agent user can read (the CLI's own and its children's) and every file under its home,
 * the workspace and /tmp, searched for the provider key. The key travels reversed and is read
 * from a file outside the folders searched, so no command line of the probe holds it.
 */
const KEY_PROBE = `printf %s '${REVERSED_KEY}' | rev > /dev/shm/.pattern; echo "key-in-processes=$(for f in /proc/[0-9]*/environ /proc/[0-9]*/cmdline; do tr '\\0' '\\n' 2>/dev/null < "$f"; done | grep -c -F -f /dev/shm/.pattern)"; echo "key-in-files=$(grep -rlF -f /dev/shm/.pattern ~ /workspace /tmp 2>/dev/null | wc -l)"; rm /dev/shm/.pattern`;

const call = (name: string, args: Record<string, unknown>): Step => ({ toolCalls: [{ name, arguments: args }] });

const PLANS: Record<string, Step[]> = {
  'codex: fix add': [
    call('exec_command', { cmd: 'python3 -m unittest -q' }),
    call('exec_command', { cmd: `apply_patch <<'EOF'\n${FIX_CALC_PATCH}\nEOF` }),
    call('exec_command', { cmd: KEY_PROBE }),
    { text: 'Fixed add: it subtracted.' },
  ],
  'codex: what does add do': [
    call('exec_command', { cmd: 'cat calc.py' }),
    call('exec_command', { cmd: 'echo scribble >> calc.py' }),
    { text: 'add subtracts: it returns a - b.' },
  ],
  'codex: wait a long time': [call('exec_command', { cmd: 'sleep 300' }), { text: 'never' }],
  'codex: say goodbye': [call('exec_command', { cmd: 'echo follow-up ran' }), { text: 'Said goodbye.' }],
  'claude: fix add': [
    call('Bash', { command: 'python3 -m unittest -q', description: 'Run the tests' }),
    call('Read', { file_path: '/workspace/calc.py' }),
    call('Edit', { file_path: '/workspace/calc.py', old_string: '    return a - b', new_string: '    return a + b' }),
    call('Bash', { command: KEY_PROBE, description: 'Look for the key' }),
    { text: 'Fixed add: it subtracted.' },
  ],
  'claude: what does add do': [call('Read', { file_path: '/workspace/calc.py' }), { text: 'add subtracts: it returns a - b.' }],
  'claude: say goodbye': [call('Bash', { command: 'echo follow-up ran', description: 'Say it' }), { text: 'Said goodbye.' }],
  'opencode: fix add': [
    call('bash', { command: 'python3 -m unittest -q', description: 'Run the tests' }),
    call('read', { filePath: '/workspace/calc.py' }),
    call('edit', { filePath: '/workspace/calc.py', oldString: '    return a - b', newString: '    return a + b' }),
    call('bash', { command: KEY_PROBE, description: 'Look for the key' }),
    { text: 'Fixed add: it subtracted.' },
  ],
  'opencode: what does add do': [call('read', { filePath: '/workspace/calc.py' }), { text: 'add subtracts: it returns a - b.' }],
  'opencode: say goodbye': [call('bash', { command: 'echo follow-up ran', description: 'Say it' }), { text: 'Said goodbye.' }],
};

/** One data dir for both engines, so each CLI is installed once. */
const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-agents-e2e-'));

async function fixAdd(engine: EngineFixture, agent: AgentBackendName): Promise<Task> {
  const repo = makeCalcRepo(engine.dirs.make());
  const environment = await engine.app.environments.create({ name: `${agent}-${path.basename(repo)}`, repoPath: repo });
  const [created] = (await engine.app.tasks.create({ prompt: `${agent}: fix add`, mode: 'code', environment, agents: [agent] })) as [Task];
  return waitForTask(engine.app, created.id);
}

/** What every backend must show for the same bug fix: the diff, commands with exit codes, usage, raw lines, no key. */
async function expectFixed(engine: EngineFixture, task: Task, agent: AgentBackendName): Promise<void> {
  expect(task.status, task.error ?? '').toBe('succeeded');
  expect(task.agent).toBe(agent);
  const diff = (await engine.app.results.diff(task.id)).toString();
  expect(diff).toContain('-    return a - b\n+    return a + b');
  expect(task.filesChanged).toBe(1);
  const events = eventsOf(engine.app, task.id);
  const ends = events.flatMap((e) => (e.type === 'exec.end' ? [e.exitCode] : []));
  expect(ends[0], 'the failing test run').not.toBe(0);
  expect(ends).toContain(0);
  const output = outputText(engine.app, task.id);
  expect(output).toContain('key-in-processes=0\n');
  expect(output).toContain('key-in-files=0');
  expect(events.some((e) => e.type === 'agent.raw' && e.backend === agent)).toBe(true);
  expect(events.some((e) => e.type === 'agent.message' && e.text.includes('Fixed add'))).toBe(true);
  expect(task.inputTokens).toBeGreaterThan(0);
  expect(task.outputTokens).toBeGreaterThan(0);
  expect(engine.model.requests.every((r) => r.path === '/v1/models' || r.headers.authorization === `Bearer ${PROVIDER_KEY}`)).toBe(true);
}

async function followUp(engine: EngineFixture, task: Task, agent: AgentBackendName): Promise<Task> {
  const before = engine.model.requests.length;
  engine.app.tasks.followUp(task.id, `${agent}: say goodbye`);
  const done = await waitForTask(engine.app, task.id);
  expect(done.status, done.error ?? '').toBe('succeeded');
  // Resumed: the CLI's own session still holds the first turn, so its next request carries it.
  const first = engine.model.requests.slice(before).find((r) => JSON.stringify(r.body ?? {}).includes(`${agent}: say goodbye`));
  expect(JSON.stringify(first?.body ?? {})).toContain(`${agent}: fix add`);
  return done;
}

describe('agent CLIs in the sandbox, on a Chat Completions provider (real CLIs, real Docker, scripted model)', () => {
  const engine = useEngine(byMarker(PLANS), { home, wire: 'chat' });

  for (const agent of ['codex', 'claude', 'opencode'] as const) {
    it(`${agent}: fixes the bug through the gateway, then resumes its own session for a follow-up`, async () => {
      const task = await fixAdd(engine, agent);
      await expectFixed(engine, task, agent);
      expect(engine.model.requests.some((r) => r.path === '/v1/chat/completions')).toBe(true);
      const done = await followUp(engine, task, agent);
      expect(outputText(engine.app, done.id)).toContain('follow-up ran');
    }, CLI_TURNS_TIMEOUT_MS);
  }
});

describe('agent CLIs answering Ask tasks in their read-only modes', () => {
  const engine = useEngine(byMarker(PLANS), { home, wire: 'chat' });

  for (const agent of ['claude', 'opencode'] as const) {
    it(`${agent}: reads the code and answers, changing nothing`, async () => {
      const repo = makeCalcRepo(engine.dirs.make());
      const environment = await engine.app.environments.create({ name: `${agent}-ask`, repoPath: repo });
      const [created] = (await engine.app.tasks.create({ prompt: `${agent}: what does add do`, mode: 'ask', environment, agents: [agent] })) as [Task];
      const task = await waitForTask(engine.app, created.id);
      expect(task.status, task.error ?? '').toBe('succeeded');
      expect(eventsOf(engine.app, task.id).some((e) => e.type === 'agent.message' && e.text.includes('add subtracts'))).toBe(true);
      expect(task.filesChanged).toBe(0);
    });
  }
});

describe('Codex CLI on a Responses provider (no translation)', () => {
  const engine = useEngine(byMarker(PLANS), { home, wire: 'responses' });

  it('answers an Ask task without keeping any change it made', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: 'codex-ask', repoPath: repo });
    const [created] = (await engine.app.tasks.create({ prompt: 'codex: what does add do', mode: 'ask', environment, agents: ['codex'] })) as [Task];
    const task = await waitForTask(engine.app, created.id);
    expect(task.status, task.error ?? '').toBe('succeeded');
    expect(outputText(engine.app, task.id)).toContain('return a - b');
    expect(eventsOf(engine.app, task.id).some((e) => e.type === 'agent.message' && e.text.includes('add subtracts'))).toBe(true);
    expect(task.filesChanged).toBe(0);
  });

  it('starts a fresh session, told of the earlier turns, when the sandbox holding its session is gone', async () => {
    const task = await fixAdd(engine, 'codex');
    expect(task.status, task.error ?? '').toBe('succeeded');
    await engine.docker.getContainer(task.containerId ?? '').remove({ force: true, v: true });
    const before = engine.model.requests.length;
    engine.app.tasks.followUp(task.id, 'codex: say goodbye');
    const done = await waitForTask(engine.app, task.id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    const request = JSON.stringify(engine.model.requests.slice(before).find((r) => JSON.stringify(r.body ?? {}).includes('codex: say goodbye'))?.body ?? {});
    expect(request).toContain('Turn 1 asked:');
    expect(request).toContain('Fixed add: it subtracted.');
    // A new session: none of the first turn's tool output is in it.
    expect(request).not.toContain('key-in-processes');
    expect(done.linesAdded).toBe(1);
  }, CLI_TURNS_TIMEOUT_MS);

  it('cancels a running CLI: the turn is cancelled at once and nothing of it is left running', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: 'codex-cancel', repoPath: repo });
    const [created] = (await engine.app.tasks.create({ prompt: 'codex: wait a long time', mode: 'code', environment, agents: ['codex'] })) as [Task];
    // Codex reports a command's output when it ends; its start is what shows it running.
    await waitFor('the CLI to start its command', () => eventsOf(engine.app, created.id).some((e) => e.type === 'exec.begin'));
    const containerId = engine.app.store.tasks.get(created.id)?.containerId ?? '';
    const asked = Date.now();
    engine.app.tasks.cancel(created.id);
    const task = await waitForTask(engine.app, created.id);
    expect(task.status).toBe('cancelled');
    expect(Date.now() - asked).toBeLessThan(15_000);
    // The sandbox, with the CLI and its sleep, is gone.
    await expect(engine.docker.getContainer(containerId).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('runs a best-of-2 with a different agent per attempt, and refuses agents that do not match the attempts', async () => {
    const repo = makeCalcRepo(engine.dirs.make());
    const environment = await engine.app.environments.create({ name: 'mixed', repoPath: repo });
    const attempts = (await engine.app.tasks.create({ prompt: 'codex: fix add', mode: 'code', environment, attempts: 2, agents: ['codex', 'codex'] })) as Task[];
    expect(attempts.map((t) => t.agent)).toEqual(['codex', 'codex']);
    const mixed = (await engine.app.tasks.create({ prompt: 'mixed', mode: 'code', environment, attempts: 2, agents: ['built-in', 'claude'] })) as Task[];
    expect(mixed.map((t) => [t.attempt, t.agent])).toEqual([
      [1, 'built-in'],
      [2, 'claude'],
    ]);
    for (const task of mixed) engine.app.tasks.cancel(task.id);
    await expect(engine.app.tasks.create({ prompt: 'x', mode: 'code', environment, attempts: 3, agents: ['codex', 'claude'] })).rejects.toThrow('2 agents were given for 3 attempts');
    for (const task of attempts) expect((await waitForTask(engine.app, task.id)).status).toBe('succeeded');
  }, CLI_TURNS_TIMEOUT_MS);

  it('fixes the bug with the requests passed through as Responses', async () => {
    const task = await fixAdd(engine, 'codex');
    await expectFixed(engine, task, 'codex');
    expect(engine.model.requests.filter((r) => r.path !== '/v1/models').every((r) => r.path === '/v1/responses')).toBe(true);
  }, CLI_TURNS_TIMEOUT_MS);
});

describe('codebay exec --agent (the CLI, real processes)', () => {
  let model: ModelServer;
  const dirs = new TempDirs();

  beforeAll(async () => {
    model = await startModelServer(byMarker(PLANS));
  });
  afterAll(async () => {
    await model?.close();
    dirs.cleanup();
  });

  it('runs a task with Codex CLI from the command line, and refuses an unknown agent with the valid names', async () => {
    const repo = makeCalcRepo(dirs.make());
    // The data dir the engines above installed the CLIs into.
    const env = { CODEBAY_HOME: home, OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: PROVIDER_KEY, CODEBAY_MODEL: 'scripted', CODEBAY_WIRE: 'chat' };
    const result = await runCli(['exec', '--agent', 'codex', '--repo', repo, '--json', 'codex: fix add'], env, 300_000);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { status: string; linesAdded: number };
    expect(summary).toMatchObject({ status: 'succeeded', linesAdded: 1 });
    expect(result.stdout).toContain('"type":"agent.raw","backend":"codex"');

    const unknown = await runCli(['exec', '--agent', 'aider', '--repo', repo, 'x'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--agent must be one of built-in, codex, claude, opencode, not "aider"');
  });
});

