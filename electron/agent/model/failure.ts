import { STATUS_CODES } from 'node:http';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ProviderConfig } from '../../config/provider.js';
import { retryAfterMs } from './retryPolicy.js';
import { StreamFailedError, StreamIdleError, StreamIncompleteError } from './streamErrors.js';

export type FailureKind =
  | 'rate_limit'
  | 'quota'
  | 'server'
  | 'network'
  | 'stall'
  | 'drop'
  | 'garbage'
  | 'auth'
  | 'not_found'
  | 'rejected'
  | 'context_overflow';

/** A failed model request, read for what it means to the retry loop and to the user. */
export interface ModelFailure {
  kind: FailureKind;
  retryable: boolean;
  /** What happened, e.g. "HTTP 429 Too Many Requests: Rate limit reached". */
  description: string;
  /** The wait the server asked for, if it did. */
  retryAfterMs?: number;
}

const CONTEXT_OVERFLOW = /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|exceeds? the (?:model'?s? )?(?:max|context)/i;
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Undefined when the error is not a failure of the model request (a bug, or a cancel): it must not be retried. */
export function classifyFailure(error: unknown): ModelFailure | undefined {
  if (error instanceof StreamIdleError) return { kind: 'stall', retryable: true, description: `stream stalled: ${error.message}` };
  if (error instanceof StreamIncompleteError) return { kind: 'drop', retryable: true, description: `stream dropped: ${error.message}` };
  if (error instanceof StreamFailedError) return streamFailure(error);
  if (error instanceof APIConnectionTimeoutError) return { kind: 'stall', retryable: true, description: 'no response before the timeout' };
  if (error instanceof APIConnectionError) return { kind: 'network', retryable: true, description: `could not connect: ${causeText(error)}` };
  if (error instanceof APIError) return httpFailure(error);
  if (error instanceof SyntaxError) {
    return { kind: 'garbage', retryable: true, description: `the server sent something that is not valid JSON (${error.message})` };
  }
  if (isNetworkError(error)) return { kind: 'drop', retryable: true, description: `the connection broke: ${causeText(error)}` };
  return undefined;
}

function httpFailure(error: APIError): ModelFailure {
  const status = error.status;
  const text = error.message.replace(/^\d{3}\s+/, '').slice(0, 500);
  if (status === undefined) return { kind: 'server', retryable: true, description: `the server reported an error in the stream: ${text}` };
  const description = `HTTP ${status} ${STATUS_CODES[status] ?? ''}: ${text}`.replace(' :', ':');
  const wait = retryAfterMs(error.headers);
  const withWait = wait === undefined ? {} : { retryAfterMs: wait };
  const override = error.headers?.get('x-should-retry');
  if (status === 429 && error.code === 'insufficient_quota') return { kind: 'quota', retryable: false, description };
  if (CONTEXT_OVERFLOW.test(text) || error.code === 'context_length_exceeded') {
    if (status === 400 || status === 413 || status === 422) return { kind: 'context_overflow', retryable: false, description };
  }
  const kind: FailureKind =
    status === 429 ? 'rate_limit'
    : status >= 500 || status === 408 || status === 409 ? 'server'
    : status === 401 || status === 403 ? 'auth'
    : status === 404 ? 'not_found'
    : 'rejected';
  const retryable = override === 'false' ? false : override === 'true' ? true : kind === 'rate_limit' || kind === 'server';
  return { kind, retryable, description, ...withWait };
}

function streamFailure(error: StreamFailedError): ModelFailure {
  const description = `the server reported a failure in the stream: ${error.message}`;
  if (error.code === 'context_length_exceeded' || CONTEXT_OVERFLOW.test(error.message)) {
    return { kind: 'context_overflow', retryable: false, description };
  }
  if (error.code === 'rate_limit_exceeded') return { kind: 'rate_limit', retryable: true, description };
  const serverSide = error.code === undefined || error.code === 'server_error' || error.code === 'vector_store_timeout';
  return { kind: serverSide ? 'server' : 'rejected', retryable: serverSide, description };
}

function isNetworkError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error instanceof TypeError && /terminated|fetch failed|network/i.test(error.message)) return true;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

function causeText(error: Error): string {
  const cause = error.cause;
  const detail = cause instanceof Error ? `${cause.message}${codeOf(cause)}` : '';
  return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? ` ${code}` : '';
}

/** What the user can do about a failure that retries did not cure. */
export function failureFix(failure: ModelFailure, provider: ProviderConfig): string {
  const server = provider.baseUrl;
  switch (failure.kind) {
    case 'rate_limit':
      return 'The provider is rate-limiting this key: retry the task in a minute, run fewer tasks at once, or raise the retry limit in the provider settings.';
    case 'quota':
      return 'The account behind this API key has no quota left: add credit or use another key or provider.';
    case 'server':
      return `The server at ${server} is failing: retry later, and if it is a local server, check its log.`;
    case 'network':
      return `Check that the server at ${server} is running and reachable from this machine, and that the base URL is right.`;
    case 'stall':
      return 'The server stopped sending: it may be overloaded, or the model too slow for this much context. Retry, pick a faster model, or raise the stream idle timeout.';
    case 'drop':
      return `The connection to ${server} kept breaking mid-answer: check the server's log and your network, then retry.`;
    case 'garbage':
      return `The answer is not an OpenAI-compatible ${provider.wire} stream: check the base URL (it usually ends in /v1) and the wire setting for this provider (most local servers speak chat).`;
    case 'auth':
      return 'The server refused the credentials: check the API key (and any auth headers) in the provider settings.';
    case 'not_found':
      return `Check the base URL and that model "${provider.model}" exists on the server${provider.wire === 'responses' ? '; if the server has no /responses endpoint, choose the chat wire' : ''}.`;
    case 'context_overflow':
      return 'The conversation no longer fits the model\'s context window even after compaction: start a new task with a narrower request, or use a model with a larger context window and set it in the provider settings.';
    case 'rejected':
      return 'The server rejected the request: check the model name, the wire setting and any extra headers in the provider settings.';
  }
}
