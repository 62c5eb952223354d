import type { FileChange } from '../../electron/agent/patch/index.js';

/** What a caller does with a successful plan: replays the changes over its own copy of the files. */
export function replayChanges(files: ReadonlyMap<string, Buffer>, changes: readonly FileChange[]): Map<string, Buffer> {
  const result = new Map(files);
  for (const change of changes) {
    if (change.kind === 'delete') {
      result.delete(change.path);
    } else if (change.kind === 'update' && change.movePath !== undefined) {
      result.delete(change.path);
      result.set(change.movePath, change.content);
    } else {
      result.set(change.path, change.content);
    }
  }
  return result;
}
