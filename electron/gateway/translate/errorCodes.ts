import { TranslationError, UpstreamError } from './errors.js';

/** The error code to put in a failure event for an error met while reading a provider's stream. */
export function errorCode(error: unknown): string {
  if (error instanceof UpstreamError) return error.code ?? 'server_error';
  if (error instanceof TranslationError) return 'invalid_provider_stream';
  return 'server_error';
}
