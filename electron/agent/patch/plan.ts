import { errorText } from '../../errors.js';
import { applyHunks } from './applyHunks.js';
import { PatchApplyError, PatchError } from './errors.js';
import { decodeTextFile, encodeNewFile, encodeTextFile } from './textFile.js';
import type { FileChange, Patch, PatchSection, ReadFile } from './types.js';

const NOTHING_CHANGED = 'No file was changed.';

/**
 * Computes every file the patch produces, in memory and in patch order, without writing.
 * Throws PatchApplyError if any section fails, so a caller that writes only what this
 * returns applies the patch atomically. Later sections see the results of earlier ones.
 */
export async function planPatch(patch: Patch, readFile: ReadFile): Promise<FileChange[]> {
  const tree = new PlannedTree(readFile);
  const changes: FileChange[] = [];
  for (const section of patch.sections) changes.push(await planSection(section, tree));
  return changes;
}

/** Every path the changes touch, move targets included, each once, in patch order. */
export function summarizeChanges(changes: readonly FileChange[]): string[] {
  const paths = new Set<string>();
  for (const change of changes) {
    paths.add(change.path);
    if (change.kind === 'update' && change.movePath !== undefined) paths.add(change.movePath);
  }
  return [...paths];
}

async function planSection(section: PatchSection, tree: PlannedTree): Promise<FileChange> {
  const { path } = section;
  if (section.kind === 'add') {
    // As in Codex, adding a file that exists replaces it whole: models rewrite files this way.
    const replaced = (await tree.read(path)) !== null;
    const content = encodeNewFile(section.lines);
    tree.write(path, content);
    return replaced ? { kind: 'add', path, content, replaced: true } : { kind: 'add', path, content };
  }
  const existing = await tree.read(path);
  if (existing === null) {
    const verb = section.kind === 'delete' ? 'delete' : 'update';
    throw new PatchApplyError(
      path,
      `Cannot ${verb} ${path}: no such file`,
      `${NOTHING_CHANGED} Check the path (list the folder with ls), use "*** Add File: ${path}" for a new file, then resend the whole patch.`,
    );
  }
  if (section.kind === 'delete') {
    tree.write(path, null);
    return { kind: 'delete', path };
  }
  const movePath = section.movePath === path ? undefined : section.movePath;
  if (movePath !== undefined && (await tree.read(movePath)) !== null) {
    throw new PatchApplyError(
      path,
      `Cannot move ${path} to ${movePath}: ${movePath} already exists`,
      `${NOTHING_CHANGED} Choose another destination, or delete ${movePath} in an earlier section, then resend the whole patch.`,
    );
  }
  let content = existing;
  if (section.hunks.length > 0) {
    const file = decodeTextFile(path, existing);
    applyHunks(path, file, section.hunks);
    content = encodeTextFile(file);
  }
  if (movePath === undefined) {
    tree.write(path, content);
    return { kind: 'update', path, content };
  }
  tree.write(path, null);
  tree.write(movePath, content);
  return { kind: 'update', path, movePath, content };
}

/** The workspace as the patch has left it so far: planned contents over the real files. */
class PlannedTree {
  private readonly planned = new Map<string, Buffer | null>();

  constructor(private readonly readFile: ReadFile) {}

  async read(path: string): Promise<Buffer | null> {
    const planned = this.planned.get(path);
    if (planned !== undefined) return planned;
    try {
      return await this.readFile(path);
    } catch (error) {
      if (error instanceof PatchError) throw error;
      throw new PatchApplyError(
        path,
        `Could not read ${path}: ${errorText(error)}`,
        `${NOTHING_CHANGED} Check that ${path} is a readable file, then resend the whole patch.`,
        undefined,
        { cause: error },
      );
    }
  }

  write(path: string, content: Buffer | null): void {
    this.planned.set(path, content);
  }
}
