import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Api, ApiError } from '../../electron/api.js';
import { createApp } from '../../electron/app.js';
import { makeRepo, TempDirs } from '../support/gitFixture.js';

/** The error body a call failed with. */
async function failure(call: Promise<unknown>): Promise<ApiError['body']> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected the call to fail with an ApiError, got ${String(error)}`);
  return error.body;
}

describe('errors name the field they are about, so forms show them there', () => {
  const dirs = new TempDirs();
  const app = createApp({ home: mkdtempSync(path.join(os.tmpdir(), 'codebay-fields-')) });
  const api = new Api(app, 'websocket');
  const repo = makeRepo(dirs.make());
  afterAll(async () => {
    await app.close();
    dirs.cleanup();
  });

  it('names the param zod refused', async () => {
    await expect(failure(api.call('environments.create', { name: '', repoPath: repo }))).resolves.toMatchObject({ code: 'invalid_params', field: 'name' });
  });

  it('names the repository path the engine cannot use, with what to do', async () => {
    const body = await failure(api.call('environments.create', { name: 'calc', repoPath: path.join(repo, 'missing') }));
    expect(body).toMatchObject({ code: 'failed', field: 'repoPath' });
    expect(body.message).toMatch(/missing does not exist\. Pick an existing folder/);
  });

  it('names the base branch the repository does not have', async () => {
    await expect(failure(api.call('environments.create', { name: 'calc', repoPath: repo, baseBranch: 'nope' }))).resolves.toMatchObject({ field: 'baseBranch', message: expect.stringContaining('"nope"') as unknown });
  });

  it('names the name another environment already has', async () => {
    await api.call('environments.create', { name: 'taken', repoPath: repo });
    await expect(failure(api.call('environments.create', { name: 'taken', repoPath: repo }))).resolves.toMatchObject({ field: 'name', message: expect.stringContaining('already') as unknown });
  });

  it('names the checks when one is wrong', async () => {
    const body = await failure(api.call('environments.create', { name: 'checked', repoPath: repo, checks: [{ name: 'a', command: 'true' }, { name: 'a', command: 'false' }] }));
    expect(body).toMatchObject({ field: 'checks' });
  });

  it('names no field for an error that is about none', async () => {
    const body = await failure(api.call('environments.remove', { id: 'nope' }));
    expect(body.code).toBe('failed');
    expect(body.field).toBeUndefined();
  });
});
