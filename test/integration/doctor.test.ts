import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxImageTag } from '../../electron/sandbox/image.js';
import { runCli } from '../support/cli.js';
import { startModelServer, type ModelServer } from '../support/modelServer/index.js';

describe('codebay doctor', () => {
  let model: ModelServer;
  const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-doctor-'));
  const base = { CODEBAY_HOME: home, OPENAI_API_KEY: 'sk-doctor-secret-123', CODEBAY_MODEL: 'scripted-model', CODEBAY_WIRE: 'chat' };

  beforeAll(async () => {
    model = await startModelServer([]);
  });
  afterAll(async () => {
    await model.close();
  });

  it('reports Docker with its version, the image with its tag, the data dir and the model, and exits 0', async () => {
    const result = await runCli(['doctor'], { ...base, OPENAI_BASE_URL: model.baseUrl });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ok\s+Docker\s+engine \d+\.\d+/);
    expect(result.stdout).toContain(`${sandboxImageTag()} present`);
    expect(result.stdout).toContain(home);
    expect(result.stdout).toContain(`scripted-model at ${model.baseUrl}`);
    expect(result.stdout).toMatch(/ok\s+Electron\s+Electron \d+, among the 3 newest majors/);
    expect(result.stdout).not.toContain('sk-doctor-secret-123');
    expect(model.requests.some((r) => r.path === '/v1/models' && r.headers.authorization === 'Bearer sk-doctor-secret-123')).toBe(true);
  });

  it('fails clearly, with the fix, when the Docker engine does not answer', async () => {
    const socket = path.join(home, 'no-dockerd-here.sock');
    const result = await runCli(['doctor'], { ...base, OPENAI_BASE_URL: model.baseUrl, DOCKER_HOST: `unix://${socket}` });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+Docker\s+Docker engine not reachable at unix:\/\/.*no-dockerd-here\.sock/);
    expect(result.stdout).toMatch(/fix: Start it/);
    expect(result.stdout).toMatch(/FAIL\s+Sandbox image\s+.*not checked, Docker is not reachable/);
    expect(result.stdout).toContain('2 problem(s) found.');
  });

  it('fails when no model is configured and says which variables to set', async () => {
    const result = await runCli(['doctor', '--json'], { CODEBAY_HOME: home, OPENAI_BASE_URL: '', OPENAI_API_KEY: '', CODEBAY_MODEL: '' });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; fix?: string }> };
    expect(report.ok).toBe(false);
    const provider = report.checks.find((c) => c.name === 'provider');
    expect(provider?.ok).toBe(false);
    expect(provider?.fix).toMatch(/OPENAI_BASE_URL.*CODEBAY_MODEL/);
    expect(report.checks.find((c) => c.name === 'docker')?.ok).toBe(true);
  });

  it('rejects unknown options with usage exit code 2', async () => {
    const result = await runCli(['doctor', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--frobnicate'");
  });
});
