import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeRepo, TempDirs } from '../support/gitFixture.js';

const temp = new TempDirs();
const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-cli-secret-'));
afterAll(() => {
  temp.cleanup();
  rmSync(home, { recursive: true, force: true });
});

const stored = (): string => readFileSync(path.join(home, 'secrets.json'), 'utf8');

describe('codebay env create --secret K keeps the value off the command line (real codebay process)', () => {
  it('takes the value from the variable of the same name', async () => {
    const repo = makeRepo(temp.make());
    const result = await runCli(['env', 'create', '--name', 'from-env', '--repo', repo, '--secret', 'DEPLOY_TOKEN'], { CODEBAY_HOME: home, DEPLOY_TOKEN: 'tok-from-environment-1234' });
    expect(result.code, result.stderr).toBe(0);
    expect(stored()).toContain('tok-from-environment-1234');
    expect(result.stdout).not.toContain('tok-from-environment-1234');
  });

  it('takes the value from standard input', async () => {
    const repo = makeRepo(temp.make());
    const result = await runCli(['env', 'create', '--name', 'from-stdin', '--repo', repo, '--secret', 'PIPED_TOKEN'], { CODEBAY_HOME: home }, 60_000, 'tok-from-stdin-5678\n');
    expect(result.code, result.stderr).toBe(0);
    expect(stored()).toContain('tok-from-stdin-5678"');
  });

  it('says what to do when there is no value to take', async () => {
    const repo = makeRepo(temp.make());
    const empty = await runCli(['env', 'create', '--name', 'no-value', '--repo', repo, '--secret', 'MISSING_TOKEN'], { CODEBAY_HOME: home }, 60_000, '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--secret MISSING_TOKEN: standard input was empty');
    const two = await runCli(['env', 'create', '--name', 'two', '--repo', repo, '--secret', 'A_TOKEN', '--secret', 'B_TOKEN'], { CODEBAY_HOME: home }, 60_000, 'x');
    expect(two.stderr).toContain('only one value can come from standard input');
  });
});
