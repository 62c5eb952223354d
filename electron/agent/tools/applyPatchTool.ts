import { errorText } from '../../errors.js';
import { ToolHostGone } from '../toolHostGone.js';
import { folderInWorkspace, parsePatch, PatchError, planPatch, summarizeChanges, type FileChange } from '../patch/index.js';
import type { ToolContext } from './toolContext.js';

/**
 * Applies a patch through the host, all or nothing; failures go back to the model as text it
 * can act on. Relative paths start at `folder` (absolute in the sandbox; the workspace root
 * unless the call came through the shell from another folder).
 */
export async function runApplyPatch(callId: string, patchText: string, context: ToolContext<'patch.applied'>, folder?: string): Promise<string> {
  const { host, emit } = context;
  let named: string[] = [];
  try {
    const root = host.workspaceRoot;
    const base = folder === undefined ? '' : folderInWorkspace(root, folder);
    const patch = parsePatch(patchText, { root, base });
    named = patch.sections.map((section) => section.path);
    const changes = await planPatch(patch, (path) => host.readFile(path));
    await host.writeChanges(changes);
    const files = summarizeChanges(changes);
    emit({ type: 'patch.applied', callId, ok: true, files });
    return `Success. Updated the following files:\n${changes.map(describeChange).join('\n')}`;
  } catch (error) {
    context.signal.throwIfAborted();
    const message = error instanceof PatchError ? error.message : `Writing the patch failed: ${errorText(error)}. No file was changed.`;
    emit({ type: 'patch.applied', callId, ok: false, files: named, error: message });
    if (error instanceof ToolHostGone) throw error;
    return `apply_patch failed. ${message}`;
  }
}

function describeChange(change: FileChange): string {
  if (change.kind === 'add') return change.replaced ? `A ${change.path} (it already existed; its content was replaced)` : `A ${change.path}`;
  if (change.kind === 'delete') return `D ${change.path}`;
  return change.movePath === undefined ? `M ${change.path}` : `R ${change.path} -> ${change.movePath}`;
}
