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

/** An ActionableError about one field of a form, so the form can show it beside that field. */
export class FieldError extends ActionableError {
  constructor(
    readonly field: string,
    what: string,
    fix: string,
    options?: { cause?: unknown },
  ) {
    super(what, fix, options);
    this.name = 'FieldError';
  }
}

/** Runs the check of one field; an ActionableError it throws comes out as that field's. */
export async function checkField<T>(field: string, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof ActionableError && !(error instanceof FieldError)) throw new FieldError(field, error.what, error.fix, { cause: error });
    throw error;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
