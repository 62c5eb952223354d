import { languageOf, monaco } from '../ui/monacoSetup';

export interface DiffModels {
  original: monaco.editor.ITextModel;
  modified: monaco.editor.ITextModel;
}

interface Entry {
  original: string;
  modified: string;
  models: DiffModels;
}

/** Files kept, and their text in all, past which the least recently shown are let go. */
const MAX_FILES = 16;
const MAX_CHARS = 16 * 1024 * 1024;

/**
 * The Monaco models of the files one diff editor has shown, so going back to a file reuses them
 * (tokenized, and already in the diff worker) instead of building them again. The owner disposes
 * them all with the editor: a hidden Diff tab holds no models.
 */
export class DiffModelCache {
  private readonly entries = new Map<string, Entry>();
  private retired: DiffModels[] = [];

  /** The models of a file's two sides: the kept ones while its text is the same, else new ones. */
  get(path: string, original: string, modified: string): DiffModels {
    const kept = this.entries.get(path);
    this.entries.delete(path);
    if (kept && kept.original === original && kept.modified === modified) {
      this.entries.set(path, kept);
      return kept.models;
    }
    if (kept) this.retired.push(kept.models);
    const language = languageOf(path);
    const models = { original: monaco.editor.createModel(original, language), modified: monaco.editor.createModel(modified, language) };
    this.entries.set(path, { original, modified, models });
    return models;
  }

  /** Disposes the models replaced or let go; call once the editor shows the pair `get` returned last. */
  prune(): void {
    let chars = 0;
    for (const entry of this.entries.values()) chars += entry.original.length + entry.modified.length;
    // The newest entry, the one on screen, is never let go.
    for (const [path, entry] of this.entries) {
      if (this.entries.size <= 1 || (this.entries.size <= MAX_FILES && chars <= MAX_CHARS)) break;
      this.entries.delete(path);
      chars -= entry.original.length + entry.modified.length;
      this.retired.push(entry.models);
    }
    for (const models of this.retired) disposeModels(models);
    this.retired = [];
  }

  dispose(): void {
    for (const entry of this.entries.values()) this.retired.push(entry.models);
    this.entries.clear();
    this.prune();
  }
}

function disposeModels(models: DiffModels): void {
  models.original.dispose();
  models.modified.dispose();
}
