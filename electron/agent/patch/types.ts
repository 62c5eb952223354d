/** One line of a hunk body: kept as context, removed, or added. */
export interface HunkLine {
  op: 'context' | 'remove' | 'add';
  text: string;
}

export interface Hunk {
  /** `@@ <text>` lines, outermost first; each is searched after the one before it. */
  anchors: string[];
  lines: HunkLine[];
  /** Set by `*** End of File`: the hunk must match the last lines of the file. */
  endOfFile: boolean;
  /** 1-based line of the patch where the hunk starts, for error messages. */
  patchLine: number;
}

export interface AddFileSection {
  kind: 'add';
  path: string;
  lines: string[];
  patchLine: number;
}

export interface DeleteFileSection {
  kind: 'delete';
  path: string;
  patchLine: number;
}

export interface UpdateFileSection {
  kind: 'update';
  path: string;
  movePath?: string;
  hunks: Hunk[];
  patchLine: number;
}

export type PatchSection = AddFileSection | DeleteFileSection | UpdateFileSection;

export interface Patch {
  sections: PatchSection[];
}

/** A file's state after the patch; applied in order, they reproduce the whole patch. */
export type FileChange =
  /** `replaced`: the file existed and the add overwrites it. */
  | { kind: 'add'; path: string; content: Buffer; replaced?: true }
  | { kind: 'delete'; path: string }
  | { kind: 'update'; path: string; movePath?: string; content: Buffer };

/** Reads a workspace-relative file; null when it does not exist. */
export type ReadFile = (path: string) => Promise<Buffer | null>;
