/** The branch a task's result gets when the user names none: codebay/<title slug>. */
export function defaultBranchName(task: { title: string }): string {
  const slug = task.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `codebay/${slug || 'task'}`;
}

/** The default name made unique with the end of the task's id, for when a branch of the default name is taken. */
export function uniqueBranchName(task: { title: string; id: string }): string {
  return `${defaultBranchName(task)}-${task.id.slice(-6)}`;
}
