import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProviderModels } from '../../electron/config/providerModels.js';
import { ActionableError } from '../../electron/errors.js';
import { startModelServer, type ModelServer } from '../support/modelServer/index.js';

/** A port nothing listens on: one the OS just gave out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe("a server's models, asked at its /models", () => {
  let model: ModelServer;
  beforeAll(async () => {
    model = await startModelServer([], { models: ['zeta', 'alpha', 'mid', 'alpha'] });
  });
  afterAll(async () => {
    await model.close();
  });

  it('lists them sorted, once each, sending the key as a bearer token', async () => {
    await expect(listProviderModels(`${model.baseUrl}/`, 'sk-list-0123456789')).resolves.toEqual(['alpha', 'mid', 'zeta']);
    const request = model.requests.at(-1);
    expect(request).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(request?.headers.authorization).toBe('Bearer sk-list-0123456789');
  });

  it('says which address answered what when the URL is wrong, and that a name can still be typed', async () => {
    const error = await listProviderModels(`${model.baseUrl}/chat`, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionableError);
    expect((error as Error).message).toMatch(/\/v1\/chat\/models answered HTTP 404\. Check the base URL: it usually ends in \/v1\. You can still type the model name/);
  });

  it('says the server cannot be reached, and why', async () => {
    const port = await closedPort();
    await expect(listProviderModels(`http://127.0.0.1:${port}/v1`, undefined)).rejects.toThrow(
      new RegExp(`^Could not reach http://127\\.0\\.0\\.1:${port}/v1/models \\(fetch failed: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)\\. Check that the server is running`),
    );
  });
});
