/** How long one turn of a task may run when its environment sets no time limit. */
export const DEFAULT_TIME_LIMIT_MS = 60 * 60_000;
