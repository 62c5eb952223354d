import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, ApiError } from '../../electron/api.js';
import { type App, createApp } from '../../electron/app.js';
import { isMethodName, type MethodName, paramSchemas } from '../../shared/protocol.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** Far above what one case takes; a case this slow is a hang, not a slow machine. */
const CASE_LIMIT_MS = 2_000;
const METHODS = Object.keys(paramSchemas) as MethodName[];
const CODES = ['invalid_params', 'unknown_method', 'failed'];

/** Values that break naive code: edges of numbers, odd strings, wrong shapes. */
const oddValue = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '-rf',
    '--upload-pack=touch /tmp/x',
    '../../etc/passwd',
    '/',
    '.',
    'x'.repeat(200_000),
    '\0',
    '\u202e',
    'http://127.0.0.1:1/v1',
    'javascript:alert(1)',
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.MAX_SAFE_INTEGER + 2,
    -0,
    1e308,
    true,
    false,
    null,
    undefined,
    [],
    {},
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.anything({ maxDepth: 2 }),
);

/** An object with some of the method's own field names (so validation goes past the first field) and some strangers. */
function nearMiss(method: MethodName): fc.Arbitrary<Record<string, unknown>> {
  const known = Object.keys((paramSchemas[method] as unknown as z.ZodObject).shape);
  const key = known.length > 0 ? fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 12 })) : fc.string({ maxLength: 12 });
  return fc.dictionary(key, oddValue, { maxKeys: 6 });
}

const methodName = fc.oneof(
  { arbitrary: fc.constantFrom(...METHODS), weight: 6 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'tasks.', 'tasks.list ', 'TASKS.LIST', ''), weight: 1 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
);

const call = methodName.chain((method) =>
  fc.tuple(
    fc.constant(method),
    isMethodName(method)
      ? // No params at all: valid for the methods that need none, so valid calls really run however many methods need params.
        fc.oneof(nearMiss(method), fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }), oddValue, fc.constant({}))
      : fc.anything({ maxDepth: 2 }),
  ),
);

describe('protocol input validation under fuzzing (fast-check)', () => {
  let app: App;
  let api: Api;
  let home: string;
  const dockerHost = process.env.DOCKER_HOST;

  beforeAll(() => {
    // Valid calls really run; this keeps doctor.run and friends away from the real Docker engine.
    process.env.DOCKER_HOST = 'unix:///nonexistent/codebay-fuzz.sock';
    home = mkdtempSync(path.join(os.tmpdir(), 'codebay-fuzz-api-'));
    app = createApp({ home, env: { PATH: process.env.PATH ?? '' } });
    api = new Api(app, 'websocket');
  });

  afterAll(async () => {
    await app?.close();
    if (dockerHost === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = dockerHost;
    rmSync(home, { recursive: true, force: true });
  });

  it(`answers ${RUNS.toLocaleString('en-US')} random calls with a result or a coded, worded ApiError`, async () => {
    const codes: Record<string, number> = { ok: 0, invalid_params: 0, unknown_method: 0, failed: 0 };
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(call, async ([method, params]) => {
        const known = isMethodName(method);
        const valid = known && paramSchemas[method].safeParse(params ?? {}).success;
        // A valid image.build builds the sandbox image: real work, not input validation.
        fc.pre(!(valid && method === 'image.build'));
        const caseStarted = performance.now();
        try {
          await api.call(method, params);
          expect(valid).toBe(true);
          codes.ok = (codes.ok ?? 0) + 1;
        } catch (error) {
          expect(error).toBeInstanceOf(ApiError);
          const { code, message } = (error as ApiError).body;
          expect(CODES).toContain(code);
          expect(typeof message).toBe('string');
          expect(message.trim().length).toBeGreaterThan(0);
          if (!known) expect(code).toBe('unknown_method');
          else if (!valid) {
            expect(code).toBe('invalid_params');
            expect(message).toContain(method);
          } else expect(code).toBe('failed');
          codes[code] = (codes[code] ?? 0) + 1;
        }
        expect(performance.now() - caseStarted).toBeLessThan(CASE_LIMIT_MS);
      }),
      { numRuns: RUNS },
    );
    console.log(`[fuzz] ${RUNS} api calls in ${Math.round(performance.now() - started)} ms: ${JSON.stringify(codes)}`);
    expect(codes.invalid_params).toBeGreaterThan(RUNS / 4);
    expect(codes.unknown_method).toBeGreaterThan(RUNS / 20);
    expect((codes.ok ?? 0) + (codes.failed ?? 0)).toBeGreaterThan(RUNS / 50);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);
});
