/** Where a task was pushed, stored on the task as "remote branch" (neither may hold a space). */
export interface PushTarget {
  remote: string;
  branch: string;
}

export function formatPushTarget(target: PushTarget): string {
  return `${target.remote} ${target.branch}`;
}

export function parsePushTarget(text: string | null): PushTarget | null {
  const space = text?.indexOf(' ') ?? -1;
  if (!text || space <= 0 || space === text.length - 1) return null;
  return { remote: text.slice(0, space), branch: text.slice(space + 1) };
}
