import { applyChangesToDir, dirFileReader } from './dir.js';
import { parsePatch } from './parse.js';
import { planPatch, summarizeChanges } from './plan.js';

/** Parses, plans and writes a patch into a local folder (absolute paths below it allowed); returns the touched paths. */
export async function applyPatchToDir(root: string, patchText: string): Promise<string[]> {
  const changes = await planPatch(parsePatch(patchText, { root }), dirFileReader(root));
  await applyChangesToDir(root, changes);
  return summarizeChanges(changes);
}
