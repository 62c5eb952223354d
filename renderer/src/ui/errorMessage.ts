/** The text to show for a failed call: the engine's own message, which already says what to do. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Something went wrong; try again, and if it keeps happening run the system check';
}
