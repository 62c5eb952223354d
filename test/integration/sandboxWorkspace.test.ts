import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEBAY_IDENTITY, identityEnv } from '../../electron/git/identity.js';
import { createDocker } from '../../electron/sandbox/docker.js';
import { createSandbox } from '../../electron/sandbox/createSandbox.js';
import type { Sandbox } from '../../electron/sandbox/sandbox.js';
import { reapAgentProcesses } from '../../electron/sandbox/processReap.js';
import { bundleOut, commitWorkspace, prepareWorkspace, workspaceHead } from '../../electron/sandbox/workspace.js';
import { ensureSandboxImage, removeInstanceContainers, testInstanceId } from './sandboxFixture.js';

const docker = createDocker();
const instanceId = testInstanceId('workspace');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'codebay-sandbox-workspace-'));
const repo = path.join(scratch, 'repo');
const outDir = path.join(scratch, 'out');
let sandbox: Sandbox;
let firstCommit: string;
let secondCommit: string;
let bundleFile: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  }).trim();
}

async function inside(script: string, user: 'root' | 'agent' = 'agent'): Promise<string> {
  let out = '';
  let err = '';
  const result = await sandbox.exec(['sh', '-c', script], { user, onOutput: (stream, text) => void (stream === 'stdout' ? (out += text) : (err += text)) });
  expect(result.exitCode, err).toBe(0);
  return out.trim();
}

beforeAll(async () => {
  execFileSync('mkdir', ['-p', repo, outDir]);
  git('init', '-q', '-b', 'main');
  writeFileSync(path.join(repo, 'README.md'), 'hello\n');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  firstCommit = git('rev-parse', 'HEAD');
  writeFileSync(path.join(repo, 'app.py'), 'print("v1")\n');
  git('add', '.');
  git('commit', '-q', '-m', 'second');
  secondCommit = git('rev-parse', 'HEAD');
  bundleFile = path.join(scratch, 'in.bundle');
  git('bundle', 'create', '-q', bundleFile, 'main');

  const image = await ensureSandboxImage(docker);
  sandbox = await createSandbox({ docker, image, instanceId, taskId: 'workspace-test' });
});

afterAll(async () => {
  await removeInstanceContainers(docker, instanceId);
  rmSync(scratch, { recursive: true, force: true });
});

describe('workspace roundtrip', () => {
  it('rejects commit ids that are not shas before touching the sandbox', async () => {
    await expect(prepareWorkspace(sandbox, bundleFile, '--upload-pack=evil')).rejects.toThrow(/not a commit id/);
    await expect(bundleOut(sandbox, 'HEAD~1', outDir)).rejects.toThrow(/not a commit id/);
  });

  it('checks out the commit with history, owned by the agent, and brings a commit back as a bundle', async () => {
    expect(await prepareWorkspace(sandbox, bundleFile, secondCommit, { authorName: 'Agent Smith', authorEmail: 'agent@codebay.invalid' })).toBe(secondCommit);
    expect(await inside('git log --format=%H')).toBe(`${secondCommit}\n${firstCommit}`);
    expect(await inside('git branch --show-current')).toBe('codebay');
    expect(await inside('git status --porcelain')).toBe('');
    expect(await inside('git remote')).toBe('');
    expect(await inside('find /workspace ! -user codebay | head -5')).toBe('');
    expect(await inside('ls /tmp/codebay-in-* 2>/dev/null | wc -l')).toBe('0');

    const turn = (message: string) => ({ base: secondCommit, message, env: { ...identityEnv(CODEBAY_IDENTITY), GIT_AUTHOR_DATE: '@1700000000 +0000', GIT_COMMITTER_DATE: '@1700000000 +0000' } });
    expect(await commitWorkspace(sandbox, turn('nothing to do'))).toBeNull();
    expect(await bundleOut(sandbox, secondCommit, outDir)).toBeNull();

    // The agent's own commits, with its author and message, do not survive: the turn is one commit on its base, Codebay's.
    await inside('printf \'print("v2")\\n\' > app.py && git rm -q README.md && git commit -qam "agent was here" --author="Mallory <m@evil.example>"');
    await inside('mkdir -p pkg && echo "x = 1" > pkg/mod.py');
    const commit = await commitWorkspace(sandbox, turn('Turn 1: change the greeting'));
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await workspaceHead(sandbox)).toBe(commit);
    expect(await inside('git log -1 --date=unix --format="%an <%ae> %ad | %cn <%ce> %cd | %P | %B"')).toBe(
      `Codebay <codebay@localhost> 1700000000 | Codebay <codebay@localhost> 1700000000 | ${secondCommit} | Turn 1: change the greeting`,
    );
    expect(await inside('git log --format=%s | grep -c "agent was here" || true')).toBe('0');
    // The same work and metadata make the same commit.
    expect(await commitWorkspace(sandbox, turn('Turn 1: change the greeting'))).toBe(commit);

    const bundle = await bundleOut(sandbox, secondCommit, outDir);
    expect(bundle).toEqual({ path: path.join(outDir, 'result.bundle'), head: commit });
    expect(await inside('ls /tmp/codebay-out-* 2>/dev/null | wc -l')).toBe('0');

    // The host repository (standing in for the mirror) takes the bundle in.
    git('bundle', 'verify', '-q', bundle?.path ?? '');
    git('fetch', '-q', bundle?.path ?? '', 'HEAD:refs/codebay/workspace-test/1');
    expect(git('rev-parse', 'refs/codebay/workspace-test/1')).toBe(commit);
    expect(git('rev-parse', 'refs/codebay/workspace-test/1^')).toBe(secondCommit);
    expect(git('show', 'refs/codebay/workspace-test/1:app.py')).toBe('print("v2")');
    expect(git('diff', '--name-status', secondCommit, 'refs/codebay/workspace-test/1')).toBe('D\tREADME.md\nM\tapp.py\nA\tpkg/mod.py');
  });

  it('refuses a result bundle over its size limit and writes nothing on the host', async () => {
    const emptyOut = mkdtempSync(path.join(scratch, 'capped-'));
    await expect(bundleOut(sandbox, secondCommit, emptyOut, { maxBytes: 64 })).rejects.toThrow(/more than the 64 allowed/);
    expect(readdirSync(emptyOut)).toEqual([]);
    expect(await inside('ls /tmp/codebay-out-* 2>/dev/null | wc -l')).toBe('0');
  });

  it('kills every process of the agent user, forks and daemons included, and runs the agent\'s commands again afterwards', async () => {
    await inside('setsid nohup sh -c "while :; do sleep 1 & wait; done" >/dev/null 2>&1 < /dev/null & setsid nohup sleep 900 >/dev/null 2>&1 < /dev/null &');
    expect(await inside('pgrep -U codebay -c sleep')).not.toBe('0');
    await reapAgentProcesses(sandbox);
    expect(await inside('pgrep -U codebay -x sleep | wc -l', 'root')).toBe('0');
    expect(await inside('echo the runner came back')).toBe('the runner came back');
  });

  it('fails with the reason when the commit is not in the bundle', async () => {
    const image = (await sandbox.container.inspect()).Config.Image;
    const other = await createSandbox({ docker, image, instanceId, taskId: 'workspace-missing' });
    await expect(prepareWorkspace(other, bundleFile, 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef')).rejects.toThrow(/Checking out deadbeef.*bundle contains the commit/s);
  });
});
