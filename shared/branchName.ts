/** The branch a task's result gets when the user names none: codebay/<title slug>-<end of id>. */
export function defaultBranchName(task: { title: string; id: string }): string {
  const slug = task.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `codebay/${slug || 'task'}-${task.id.slice(-6)}`;
}
