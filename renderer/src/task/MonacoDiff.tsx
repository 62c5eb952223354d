import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';
import { followPageTheme, monaco } from '../ui/monacoSetup';
import { Spinner } from '../ui/Spinner';
import { DiffModelCache } from './diffModels';
import './monacoVeil.css';

export interface DiffNavigator {
  next(): void;
  previous(): void;
}

export interface RevealTarget {
  start: number;
  end: number;
  nonce: number;
}

interface MonacoDiffProps {
  path: string;
  original: string;
  modified: string;
  /** The turn whose diff the pair belongs to ('all' for all turns), for whoever reads the page. */
  turn: number | 'all';
  /**
   * While set, the pair in the editor belongs to another diff than the one picked: it stays
   * mounted (no editor rebuilt) but hidden behind this loading text, until the new pair comes.
   */
  veil: string | null;
  sideBySide: boolean;
  reveal: RevealTarget | null;
  navigator: RefObject<DiffNavigator | null>;
}

/**
 * Monaco's diff editor, one for all the files shown while it is mounted: a new file swaps
 * models (kept per file, see DiffModelCache) in the same editor. Unmounting disposes the
 * editor and every model it showed.
 */
export function MonacoDiff({ path, original, modified, turn, veil, sideBySide, reveal, navigator }: MonacoDiffProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const modelsRef = useRef<DiffModelCache | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);

  // Layout effects: the file is in the editor before the browser paints the click that chose it.
  useLayoutEffect(() => {
    if (!host.current) return;
    const stopTheme = followPageTheme();
    const editor = monaco.editor.createDiffEditor(host.current, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: sideBySide,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12.5,
      lineHeight: 19,
      renderOverviewRuler: true,
      // Read-only: no hunk menu or revert arrows, whose gutter redraws with every file.
      renderGutterMenu: false,
      renderMarginRevertIcon: false,
      diffWordWrap: 'off',
      contextmenu: false,
      ignoreTrimWhitespace: false,
      renderLineHighlightOnlyWhenFocus: true,
    });
    const models = new DiffModelCache();
    editorRef.current = editor;
    modelsRef.current = models;
    navigator.current = { next: () => editor.goToDiff('next'), previous: () => editor.goToDiff('previous') };
    return () => {
      decorations.current = null;
      editor.dispose();
      models.dispose();
      editorRef.current = null;
      modelsRef.current = null;
      navigator.current = null;
      stopTheme();
    };
    // Created once per mount; option changes go through updateOptions below.
  }, [navigator]);

  useEffect(() => {
    editorRef.current?.updateOptions({ renderSideBySide: sideBySide });
  }, [sideBySide]);

  useLayoutEffect(() => {
    const editor = editorRef.current;
    const models = modelsRef.current;
    if (!editor || !models) return;
    decorations.current?.clear();
    decorations.current = null;
    editor.setModel(models.get(path, original, modified));
    models.prune();
  }, [path, original, modified]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    // A deleted file has only its old side to point into.
    const side = modified === '' && original !== '' ? editor.getOriginalEditor() : editor.getModifiedEditor();
    const lastLine = side.getModel()?.getLineCount() ?? 1;
    const start = Math.min(Math.max(1, reveal.start), lastLine);
    const end = Math.min(Math.max(start, reveal.end), lastLine);
    const show = (): void => {
      side.revealLinesInCenter(start, end);
      side.setPosition({ lineNumber: start, column: 1 });
    };
    decorations.current?.clear();
    decorations.current = side.createDecorationsCollection([
      { range: new monaco.Range(start, 1, end, 1), options: { isWholeLine: true, className: 'tv-cited-line', linesDecorationsClassName: 'tv-cited-gutter' } },
    ]);
    show();
    // The diff layout settles once the diff is computed; show the lines again then.
    const once = editor.onDidUpdateDiff(() => {
      once.dispose();
      show();
    });
    return () => once.dispose();
  }, [reveal, path, original, modified]);

  return (
    <div className="tv-monaco-stage">
      <div ref={host} className="tv-monaco" data-path={path} data-turn={turn} aria-busy={veil !== null} />
      {veil !== null && (
        <p className="tv-loading-text tv-monaco-veil">
          <Spinner /> {veil}
        </p>
      )}
    </div>
  );
}
