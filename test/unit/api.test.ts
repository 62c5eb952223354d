import { describe, expect, it } from 'vitest';
import { Api, ApiError } from '../../electron/api.js';
import { createApp } from '../../electron/app.js';

describe('Api edge validation', () => {
  const api = new Api(createApp({ home: '/tmp/codebay-api-test' }), 'websocket');

  it('answers a known method', async () => {
    const info = (await api.call('app.info', {})) as { version: string; transport: string; sandboxImage: string };
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.transport).toBe('websocket');
    expect(info.sandboxImage).toMatch(/^codebay-sandbox:/);
  });

  it('refuses an unknown method by name', async () => {
    await expect(api.call('tasks.explode', {})).rejects.toMatchObject({ body: { code: 'unknown_method', message: expect.stringContaining('tasks.explode') } });
  });

  it('refuses params that do not match the schema, saying which field', async () => {
    const error = await api.call('app.info', { surprise: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body.code).toBe('invalid_params');
    expect((error as ApiError).body.message).toContain('app.info');
  });
});
