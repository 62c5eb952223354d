/** The text to show for a failed call: the engine's own message, which already says what to do. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Something went wrong; try again, and if it keeps happening run the system check';
}

/** The param a failed call's error is about (the engine names it), for a form to show the error beside it. */
export function errorField(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('field' in error)) return undefined;
  return typeof error.field === 'string' ? error.field : undefined;
}
