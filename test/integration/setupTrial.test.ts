import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Api, ApiError } from '../../electron/api.js';
import { LABEL } from '../../electron/sandbox/labels.js';
import type { AppEvent, SetupTestResult } from '../../shared/protocol.js';
import { makeCalcRepo } from '../support/calcRepo.js';
import { useEngine } from '../support/engineFixture.js';
import { sh } from '../support/gitFixture.js';
import { waitFor } from '../support/waitFor.js';

const SECRET = `trial-secret-${randomBytes(10).toString('hex')}`;
const SAVED_SECRET = `saved-secret-${randomBytes(10).toString('hex')}`;
const SCRIPT = [
  'echo "greeting is $GREETING"',
  'echo "token is $API_TOKEN"',
  'echo "file says $(cat "$CODEBAY_SECRETS_DIR/API_TOKEN")"',
  'echo "user $(id -un) on $(git branch --show-current) at $(git rev-parse HEAD)"',
  'ls',
].join('\n');

describe('Test setup: an environment’s setup script in a throwaway sandbox (real engine, Docker, git)', () => {
  const engine = useEngine([]);
  let api: Api;
  let repo: string;
  let head: string;
  const pushed = new Map<string, string>();

  /** Runs a test through the protocol, as the form does; its pushed output is kept by run id. */
  const testSetup = async (runId: string, params: Record<string, unknown>): Promise<SetupTestResult> =>
    (await api.call('environments.testSetup', { runId, repoPath: repo, ...params })) as SetupTestResult;

  /** Containers of this engine made for setup tests: none may outlive its test. */
  const trialSandboxes = async (): Promise<string[]> => {
    const containers = await engine.docker.listContainers({ all: true, filters: { label: [`${LABEL.instance}=${engine.app.instanceId}`] } });
    return containers.flatMap((c) => c.Names).filter((name) => name.includes('setup-test-'));
  };

  beforeAll(() => {
    repo = makeCalcRepo(engine.dirs.make());
    head = sh(repo, ['rev-parse', 'HEAD']).trim();
    api = new Api(engine.app, 'websocket');
    api.subscribe((event: AppEvent) => {
      if (event.type === 'environment.setupOutput') pushed.set(event.runId, (pushed.get(event.runId) ?? '') + event.text);
    });
  });

  it('runs the script as root in the task’s workspace, with the variables and secrets, masks the secret and removes the sandbox', async () => {
    const result = await testSetup('run-ok', { setupScript: SCRIPT, envVars: { GREETING: 'hello' }, secrets: { API_TOKEN: SECRET } });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, stopped: false, commit: head });
    expect(result.output).toContain('greeting is hello');
    expect(result.output).toContain('token is ••••••');
    expect(result.output).toContain('file says ••••••');
    expect(result.output).toContain(`user root on codebay at ${head}`);
    expect(result.output).toContain('calc.py');
    expect(result.output).not.toContain(SECRET);
    // The same output was pushed while it ran.
    expect(pushed.get('run-ok')).toBe(result.output);
    await expect(trialSandboxes()).resolves.toEqual([]);
  });

  it('reports a failing script’s exit code with its output, and removes the sandbox', async () => {
    const result = await testSetup('run-fails', { setupScript: 'echo "installing"\necho "no such package" >&2\nexit 3\necho "never"' });
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, stopped: false });
    expect(result.output).toContain('installing');
    expect(result.output).toContain('no such package');
    expect(result.output).not.toContain('never');
    await expect(trialSandboxes()).resolves.toEqual([]);
  });

  it('uses a saved environment’s secrets unless the form changes them', async () => {
    const environment = await engine.app.environments.create({ name: 'calc', repoPath: repo, secrets: { API_TOKEN: SAVED_SECRET, OLD_TOKEN: SAVED_SECRET } });
    const script = 'echo "token ${API_TOKEN:-none} old ${OLD_TOKEN:-none}"';
    const saved = await testSetup('run-saved', { id: environment.id, setupScript: script });
    expect(saved.output).toContain('token •••••• old ••••••');
    expect(saved.output).not.toContain(SAVED_SECRET);
    const changed = await testSetup('run-changed', { id: environment.id, setupScript: script, secrets: { OLD_TOKEN: null } });
    expect(changed.output).toContain('token •••••• old none');
    await expect(trialSandboxes()).resolves.toEqual([]);
  });

  it('stops on request, and removes the sandbox', async () => {
    const running = testSetup('run-stopped', { setupScript: 'echo "started"\nsleep 600' });
    await waitFor('the script to start', () => pushed.get('run-stopped')?.includes('started'));
    await expect(api.call('environments.stopSetupTest', { runId: 'run-stopped' })).resolves.toEqual({ stopped: true });
    const result = await running;
    expect(result).toMatchObject({ exitCode: null, stopped: true });
    await expect(trialSandboxes()).resolves.toEqual([]);
    await expect(api.call('environments.stopSetupTest', { runId: 'run-stopped' })).resolves.toEqual({ stopped: false });
  });

  it('names the field at fault when the repository or branch is wrong, before any sandbox', async () => {
    const missing = await testSetup('run-norepo', { repoPath: '/nonexistent/calc', setupScript: 'true' }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).body).toMatchObject({ code: 'failed', field: 'repoPath', message: expect.stringContaining('/nonexistent/calc') as unknown });
    const branch = await testSetup('run-nobranch', { baseBranch: 'no-such-branch', setupScript: 'true' }).catch((error: unknown) => error);
    expect((branch as ApiError).body).toMatchObject({ field: 'baseBranch' });
    const empty = await testSetup('run-empty', { setupScript: '  \n' }).catch((error: unknown) => error);
    expect((empty as ApiError).body).toMatchObject({ field: 'setupScript' });
  });
});
