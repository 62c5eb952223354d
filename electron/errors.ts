/** An error that says what went wrong, to what, and what the user can do next. */
export class ActionableError extends Error {
  constructor(
    readonly what: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${what}. ${fix}`, options);
    this.name = 'ActionableError';
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
