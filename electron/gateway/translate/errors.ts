/**
 * A request or answer body that cannot be translated. The gateway answers the
 * client with HTTP 400 and this message, which names the field and the fix.
 */
export class TranslationError extends Error {
  constructor(
    readonly field: string,
    problem: string,
    fix: string,
  ) {
    super(`${field}: ${problem}. ${fix}`);
    this.name = 'TranslationError';
  }
}

/** The provider answered with a failure (a failed response, an error object) rather than an answer. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}
