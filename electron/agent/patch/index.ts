export { parsePatch } from './parse.js';
export { planPatch, summarizeChanges } from './plan.js';
export { folderInWorkspace, resolvePatchPath, validatePatchPath, type PatchPlace } from './path.js';
export { applyChangesToDir, dirFileReader } from './dir.js';
export { applyPatchToDir } from './applyPatchToDir.js';
export { PatchApplyError, PatchError, PatchParseError, PatchPathError } from './errors.js';
export type { FileChange, Hunk, HunkLine, Patch, PatchSection, ReadFile } from './types.js';
