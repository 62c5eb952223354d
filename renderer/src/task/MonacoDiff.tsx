import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';
import type { CommentSide } from '../../../shared/comments';
import type { FindingView } from '../../../shared/findings';
import { followPageTheme, monaco } from '../ui/monacoSetup';
import { Spinner } from '../ui/Spinner';
import { type CommentGutterHandlers, type CommentMark, CommentGutter, type LineSpan } from './commentGutter';
import { DiffModelCache } from './diffModels';
import { type FindingCardHandlers, FindingMarkers } from './findingMarkers';
import './monacoVeil.css';

export interface DiffNavigator {
  next(): void;
  previous(): void;
}

export interface RevealTarget {
  start: number;
  end: number;
  nonce: number;
  /** Which side to point into; by default the new one, or the old one of a deleted file. */
  side?: CommentSide;
}

/** The review comments on the file shown, and what to do when the reader comments. */
export interface DiffReview extends CommentGutterHandlers {
  marks: Record<CommentSide, CommentMark[]>;
  /** The lines of the comment being written, when it is on this file and diff. */
  draft: (LineSpan & { side: CommentSide }) | null;
}

/** A review's findings on the file shown (lines of the new side), and what their cards do. */
export interface DiffFindings extends FindingCardHandlers {
  marks: readonly FindingView[];
  /** The finding an action is running on. */
  busy: string | null;
}

interface MonacoDiffProps {
  path: string;
  original: string;
  modified: string;
  /** The turn whose diff the pair belongs to ('all' for all turns), for whoever reads the page; none for a diff between attempts. */
  turn?: number | 'all';
  /**
   * While set, the pair in the editor belongs to another diff than the one picked: it stays
   * mounted (no editor rebuilt) but hidden behind this loading text, until the new pair comes.
   */
  veil: string | null;
  sideBySide: boolean;
  reveal: RevealTarget | null;
  navigator: RefObject<DiffNavigator | null>;
  /** Without it the diff takes no comments: no glyph margin, no "+", no Add comment action. */
  review?: DiffReview;
  /** Given for a review task's diff: its findings marked on the new side. */
  findings?: DiffFindings;
}

/**
 * Monaco's diff editor, one for all the files shown while it is mounted: a new file swaps
 * models (kept per file, see DiffModelCache) in the same editor. Unmounting disposes the
 * editor and every model it showed.
 */
export function MonacoDiff({ path, original, modified, turn, veil, sideBySide, reveal, navigator, review, findings }: MonacoDiffProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const modelsRef = useRef<DiffModelCache | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const gutters = useRef<Record<CommentSide, CommentGutter> | null>(null);
  // The gutters live as long as the editor; they reach the handlers of the latest render through this.
  const handlers = useRef<CommentGutterHandlers | null>(review ?? null);
  const findingMarkers = useRef<FindingMarkers | null>(null);
  const findingHandlers = useRef<FindingCardHandlers | null>(findings ?? null);
  useLayoutEffect(() => {
    handlers.current = review ?? null;
    findingHandlers.current = findings ?? null;
  });
  const marksFindings = findings !== undefined;
  const commentable = review !== undefined;

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
      // The comment and finding markers, and the "+" that adds a comment.
      glyphMargin: commentable || marksFindings,
      // Side by side down to ~280 px a side (Monaco's default is 900 px in all), so the review
      // panel beside the diff keeps both sides, and their gutters, on a laptop screen.
      renderSideBySideInlineBreakpoint: 560,
    });
    const models = new DiffModelCache();
    editorRef.current = editor;
    modelsRef.current = models;
    navigator.current = { next: () => editor.goToDiff('next'), previous: () => editor.goToDiff('previous') };
    const commentHandlers = () => handlers.current;
    gutters.current = commentable
      ? {
          original: new CommentGutter(editor.getOriginalEditor(), 'original', commentHandlers),
          modified: new CommentGutter(editor.getModifiedEditor(), 'modified', commentHandlers),
        }
      : null;
    findingMarkers.current = marksFindings ? new FindingMarkers(editor.getModifiedEditor(), () => findingHandlers.current) : null;
    return () => {
      findingMarkers.current?.dispose();
      findingMarkers.current = null;
      gutters.current?.original.dispose();
      gutters.current?.modified.dispose();
      gutters.current = null;
      decorations.current = null;
      editor.dispose();
      models.dispose();
      editorRef.current = null;
      modelsRef.current = null;
      navigator.current = null;
      stopTheme();
    };
    // Created once per mount (commenting included); option changes go through updateOptions below.
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
    gutters.current?.original.clear();
    gutters.current?.modified.clear();
    findingMarkers.current?.clear();
    editor.setModel(models.get(path, original, modified));
    models.prune();
  }, [path, original, modified]);

  // After the model is set: the marks go on the file now shown.
  const marks = review?.marks;
  const draft = review?.draft ?? null;
  useLayoutEffect(() => {
    if (!marks) return;
    for (const side of ['original', 'modified'] as const) {
      gutters.current?.[side].setMarks(marks[side]);
      gutters.current?.[side].setDraft(draft?.side === side ? draft : null);
    }
  }, [marks, draft, path, original, modified]);

  const findingMarks = findings?.marks;
  const findingBusy = findings?.busy ?? null;
  useLayoutEffect(() => {
    if (findingMarks) findingMarkers.current?.set(findingMarks, findingBusy);
  }, [findingMarks, findingBusy, path, original, modified]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    // A deleted file has only its old side to point into.
    const onOriginal = reveal.side ? reveal.side === 'original' : modified === '' && original !== '';
    const side = onOriginal ? editor.getOriginalEditor() : editor.getModifiedEditor();
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
