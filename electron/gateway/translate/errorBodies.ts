import { z } from 'zod';

// Error bodies in each client's own format, for the gateway to answer with when
// a translation fails or the provider fails before streaming.

export interface OpenAiErrorBody {
  error: { message: string; type: string; code: string | null; param: null };
}

/** The error body of both OpenAI APIs (Chat Completions and Responses). */
export function openAiErrorBody(message: string, type = 'invalid_request_error', code: string | null = null): OpenAiErrorBody {
  return { error: { message, type, code, param: null } };
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** The Anthropic error body; its `type` follows the HTTP status, which Claude Code uses to decide on retrying. */
export function anthropicErrorBody(status: number, message: string): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(status), message } };
}

function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

const errorBodySchema = z.union([
  z.looseObject({ error: z.looseObject({ message: z.string() }) }).transform((body) => body.error.message),
  z.looseObject({ error: z.string() }).transform((body) => body.error),
  z.looseObject({ message: z.string() }).transform((body) => body.message),
  z.looseObject({ detail: z.string() }).transform((body) => body.detail),
]);

/** The message in a provider's error body: OpenAI's and Anthropic's `{error: {message}}`, or the plainer forms local servers use. */
export function providerErrorMessage(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}
