import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anthropicErrorBody,
  anthropicUsage,
  chatUsage,
  openAiErrorBody,
  providerErrorMessage,
  responsesUsage,
} from '../../electron/gateway/translate/index.js';

const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 1000);

describe('token usage', () => {
  it('reads Chat usage from a completion and from the last stream chunk', () => {
    expect(chatUsage({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 } })).toEqual({ inputTokens: 10, outputTokens: 4 });
    expect(chatUsage({ object: 'chat.completion', choices: [{ message: {} }], usage: { prompt_tokens: 3 } })).toEqual({ inputTokens: 3, outputTokens: 0 });
    expect(chatUsage({ choices: [{ delta: { content: 'x' } }] })).toBeUndefined();
    expect(chatUsage({ choices: [], usage: null })).toBeUndefined();
  });

  it('reads Responses usage from a Response and from its final events', () => {
    const usage = { input_tokens: 50, output_tokens: 9, total_tokens: 59 };
    expect(responsesUsage({ id: 'r', object: 'response', usage })).toEqual({ inputTokens: 50, outputTokens: 9 });
    for (const type of ['response.completed', 'response.incomplete', 'response.failed']) {
      expect(responsesUsage({ type, response: { id: 'r', usage } })).toEqual({ inputTokens: 50, outputTokens: 9 });
    }
    expect(responsesUsage({ type: 'response.created', response: { id: 'r', usage: null } })).toBeUndefined();
    expect(responsesUsage({ type: 'response.output_text.delta', delta: 'x' })).toBeUndefined();
  });

  it('reads Anthropic usage, counting cache reads and writes as input', () => {
    expect(anthropicUsage({ type: 'message', usage: { input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 7 } })).toEqual({
      inputTokens: 125,
      outputTokens: 7,
    });
    expect(anthropicUsage({ type: 'message_start', message: { usage: { input_tokens: 12, output_tokens: 1 } } })).toEqual({ inputTokens: 12, outputTokens: 1 });
    expect(anthropicUsage({ type: 'message_delta', delta: {}, usage: { output_tokens: 30 } })).toEqual({ inputTokens: 0, outputTokens: 30 });
    expect(anthropicUsage({ type: 'content_block_delta' })).toBeUndefined();
  });

  it('never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        chatUsage(value);
        responsesUsage(value);
        anthropicUsage(value);
        providerErrorMessage(value);
      }),
      { numRuns: fuzzRuns },
    );
  });
});

describe('error bodies', () => {
  it('writes OpenAI and Anthropic error bodies', () => {
    expect(openAiErrorBody('request.model: required')).toEqual({ error: { message: 'request.model: required', type: 'invalid_request_error', code: null, param: null } });
    expect(openAiErrorBody('down', 'server_error', 'upstream_unavailable')).toEqual({ error: { message: 'down', type: 'server_error', code: 'upstream_unavailable', param: null } });
    expect(anthropicErrorBody(400, 'bad').error.type).toBe('invalid_request_error');
    expect(anthropicErrorBody(401, 'x').error.type).toBe('authentication_error');
    expect(anthropicErrorBody(429, 'x').error.type).toBe('rate_limit_error');
    expect(anthropicErrorBody(529, 'x').error.type).toBe('overloaded_error');
    expect(anthropicErrorBody(502, 'x')).toEqual({ type: 'error', error: { type: 'api_error', message: 'x' } });
  });

  it('finds the message in the error bodies providers send', () => {
    expect(providerErrorMessage({ error: { message: 'Incorrect API key', type: 'invalid_request_error' } })).toBe('Incorrect API key');
    expect(providerErrorMessage({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toBe('Overloaded');
    expect(providerErrorMessage({ error: 'model "x" not found, try pulling it first' })).toBe('model "x" not found, try pulling it first');
    expect(providerErrorMessage({ detail: 'Not Found' })).toBe('Not Found');
    expect(providerErrorMessage('<html>502</html>')).toBeUndefined();
  });
});
