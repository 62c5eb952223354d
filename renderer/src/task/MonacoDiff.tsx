import { type RefObject, useEffect, useRef } from 'react';
import { followPageTheme, languageOf, monaco } from '../ui/monacoSetup';

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
  sideBySide: boolean;
  reveal: RevealTarget | null;
  navigator: RefObject<DiffNavigator | null>;
}

/**
 * Monaco's diff editor for one file. It exists only while mounted: unmounting
 * disposes the editor and its two models, and a new file replaces (and disposes) the old models.
 */
export function MonacoDiff({ path, original, modified, sideBySide, reveal, navigator }: MonacoDiffProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);

  useEffect(() => {
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
      diffWordWrap: 'off',
      contextmenu: false,
      ignoreTrimWhitespace: false,
      renderLineHighlightOnlyWhenFocus: true,
    });
    editorRef.current = editor;
    navigator.current = { next: () => editor.goToDiff('next'), previous: () => editor.goToDiff('previous') };
    return () => {
      const models = editor.getModel();
      decorations.current = null;
      editor.dispose();
      models?.original.dispose();
      models?.modified.dispose();
      editorRef.current = null;
      navigator.current = null;
      stopTheme();
    };
    // Created once per mount; option changes go through updateOptions below.
  }, [navigator]);

  useEffect(() => {
    editorRef.current?.updateOptions({ renderSideBySide: sideBySide });
  }, [sideBySide]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const language = languageOf(path);
    const previous = editor.getModel();
    decorations.current?.clear();
    decorations.current = null;
    editor.setModel({ original: monaco.editor.createModel(original, language), modified: monaco.editor.createModel(modified, language) });
    previous?.original.dispose();
    previous?.modified.dispose();
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

  return <div ref={host} className="tv-monaco" data-path={path} />;
}
