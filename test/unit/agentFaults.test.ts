import { afterEach, describe, expect, it } from 'vitest';
import type { WireApi } from '../../electron/config/provider.js';
import { cleanupAgentRuns, ofType, runAgent } from './agentFixture.js';

afterEach(cleanupAgentRuns);

const wires: WireApi[] = ['chat', 'responses'];

describe.each(wires)('model request faults on the %s wire', (wire) => {
  it('waits as long as a 429 Retry-After says, tells the user, and goes on', async () => {
    const run = await runAgent({
      wire,
      script: [{ fault: 'http', status: 429, retryAfter: 1 }, { text: 'All done.' }],
    });
    expect(run.error).toBeUndefined();
    expect(run.outcome?.summary).toBe('All done.');
    const errors = ofType(run.events, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.retryable).toBe(true);
    expect(errors[0]?.message).toMatch(/HTTP 429 Too Many Requests/);
    expect(errors[0]?.message).toMatch(/retrying in 1\.0 s as the server asked \(Retry-After\), retry 1 of 4/);
    expect(errors[0]?.message).toContain(run.server.baseUrl);
    // The wait the server asked for is the behaviour under test.
    expect(run.elapsedMs).toBeGreaterThanOrEqual(950);
    expect(run.requests).toHaveLength(2);
  });

  it('retries a 500 with backoff', async () => {
    const run = await runAgent({ wire, script: [{ fault: 'http', status: 500 }, { fault: 'http', status: 503 }, { text: 'Recovered.' }] });
    expect(run.outcome?.summary).toBe('Recovered.');
    const messages = ofType(run.events, 'error').map((event) => event.message);
    expect(messages[0]).toMatch(/HTTP 500 Internal Server Error.*retrying in 0\.[12] s, retry 1 of 4/);
    expect(messages[1]).toMatch(/HTTP 503 Service Unavailable.*retrying in 0\.[34] s, retry 2 of 4/);
    // 200 ms and 400 ms, each less at most 10 %.
    expect(run.elapsedMs).toBeGreaterThanOrEqual(540);
  });

  it('aborts a stalled stream after the idle timeout and retries', async () => {
    const run = await runAgent({
      wire,
      limits: { streamIdleTimeoutMs: 300 },
      script: [{ fault: 'stall', text: 'I will never finish this sentence' }, { text: 'Second try worked.' }],
    });
    expect(run.outcome?.summary).toBe('Second try worked.');
    const errors = ofType(run.events, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/stream stalled: the stream sent nothing for 0\.3 s/);
    expect(errors[0]?.message).toContain('The partial answer is discarded.');
    expect(run.requests).toHaveLength(2);
  });

  it('retries a dropped stream', async () => {
    const run = await runAgent({
      wire,
      script: [{ fault: 'drop', afterChunks: 3, text: 'This answer is cut off in the middle' }, { text: 'Whole answer.' }],
    });
    expect(run.outcome?.summary).toBe('Whole answer.');
    const errors = ofType(run.events, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/stream dropped|connection broke/);
    expect(ofType(run.events, 'agent.message').map((event) => event.text)).toEqual(['Whole answer.']);
  });

  it('fails clearly when the server keeps sending garbage', async () => {
    const run = await runAgent({
      wire,
      limits: { maxRetries: 2 },
      script: [{ fault: 'garbage' }, { fault: 'garbage' }, { fault: 'garbage' }],
    });
    expect(run.outcome).toBeUndefined();
    expect(ofType(run.events, 'error').map((event) => event.retryable)).toEqual([true, true]);
    const error = run.error;
    expect(error?.message).toContain(`The model request to ${run.server.baseUrl} (model test-model, ${wire} wire) failed after 3 attempts`);
    expect(error?.message).toMatch(/not valid JSON/);
    expect(error?.fix).toMatch(new RegExp(`not an OpenAI-compatible ${wire} stream: check the base URL`));
    expect(error?.conversation).toEqual([{ role: 'user', text: 'Fix the failing test.' }]);
    expect(run.requests).toHaveLength(3);
  });

  it('does not retry a refused API key', async () => {
    const run = await runAgent({
      wire,
      script: [{ fault: 'http', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } } }],
    });
    expect(run.requests).toHaveLength(1);
    expect(ofType(run.events, 'error')).toHaveLength(0);
    expect(run.error?.message).toMatch(/failed: HTTP 401 Unauthorized: Incorrect API key provided/);
    expect(run.error?.fix).toMatch(/check the API key/);
  });

  it('honours the provider\'s retry limit', async () => {
    const run = await runAgent({
      wire,
      provider: { maxRetries: 1 },
      limits: { maxRetries: 5 },
      script: [{ fault: 'http', status: 502 }, { fault: 'http', status: 502 }, { text: 'never reached' }],
    });
    expect(run.requests).toHaveLength(2);
    expect(run.error?.message).toMatch(/failed after 2 attempts: HTTP 502 Bad Gateway/);
  });
});

describe('cancelling', () => {
  it('stops waiting for a retry at once and says the turn was cancelled', async () => {
    const controller = new AbortController();
    const run = await runAgent({
      signal: controller.signal,
      // The retryable error is announced as the 30 s Retry-After wait begins: cancel inside that wait.
      onEvent: (event) => {
        if (event.type === 'error' && event.retryable) controller.abort();
      },
      script: [{ fault: 'http', status: 429, retryAfter: 30 }, { text: 'late' }],
    });
    // Tests that the cancel ends the 30 s wait, not speed: far from both.
    expect(run.elapsedMs).toBeLessThan(15_000);
    expect(run.error?.cancelled).toBe(true);
    expect(run.error?.message).toMatch(/cancelled/);
  });
});
