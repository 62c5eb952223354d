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

export type Direction = 'next' | 'previous';

/** Which change is on screen after a jump, for the toolbar to say. */
export interface ChangePlace {
  path: string;
  index: number;
  total: number;
}

/** Enter the file at its first or last change (stepping into it from the file before or after). */
export interface EnterTarget {
  at: 'first' | 'last';
  nonce: number;
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
  wordWrap?: boolean;
  /** Folds long runs of unchanged lines. */
  collapseUnchanged?: boolean;
  /** Stepping past the file's last change (or before its first): the caller moves to the next file. */
  onEdge?: (direction: Direction) => void;
  enter?: EnterTarget | null;
  onChangePlace?: (place: ChangePlace | null) => void;
}

/** The line a change starts at on the new side; a deletion points at the line before it. */
function changeLine(change: monaco.editor.ILineChange): number {
  return Math.max(1, change.modifiedStartLineNumber);
}

/**
 * Monaco's diff editor, one for all the files shown while it is mounted: a new file swaps
 * models (kept per file, see DiffModelCache) in the same editor. Unmounting disposes the
 * editor and every model it showed.
 */
export function MonacoDiff({ path, original, modified, turn, veil, sideBySide, reveal, navigator, review, findings, wordWrap = false, collapseUnchanged = false, onEdge, enter = null, onChangePlace }: MonacoDiffProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const modelsRef = useRef<DiffModelCache | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const showChangeRef = useRef<((index: number) => void) | null>(null);
  const gutters = useRef<Record<CommentSide, CommentGutter> | null>(null);
  // The gutters live as long as the editor; they reach the handlers of the latest render through this.
  const handlers = useRef<CommentGutterHandlers | null>(review ?? null);
  const findingMarkers = useRef<FindingMarkers | null>(null);
  const findingHandlers = useRef<FindingCardHandlers | null>(findings ?? null);
  // The change last jumped to in the file shown; -1 before the first jump.
  const changeIndex = useRef(-1);
  const modelPath = useRef<string | null>(null);
  const edgeHandlers = useRef({ onEdge, onChangePlace, path });
  useLayoutEffect(() => {
    handlers.current = review ?? null;
    findingHandlers.current = findings ?? null;
    edgeHandlers.current = { onEdge, onChangePlace, path };
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
      contextmenu: false,
      ignoreTrimWhitespace: false,
      renderLineHighlightOnlyWhenFocus: true,
      // The comment and finding markers, and the "+" that adds a comment.
      glyphMargin: commentable || marksFindings,
      // Side by side stays side by side however narrow (Monaco would quietly fall back to
      // inline under its breakpoint, while the toggle said otherwise); word wrap keeps long lines readable.
      useInlineViewWhenSpaceIsLimited: false,
      wordWrap: wordWrap ? 'on' : 'off',
      diffWordWrap: wordWrap ? 'on' : 'off',
      hideUnchangedRegions: { enabled: collapseUnchanged, contextLineCount: 3, minimumLineCount: 5, revealLineCount: 20 },
    });
    const models = new DiffModelCache();
    editorRef.current = editor;
    modelsRef.current = models;
    // Jumps go change by change and, past either end of the file, hand over to the caller, which
    // opens the next or previous file (Monaco's own goToDiff wraps around inside the file).
    const jump = (direction: Direction): void => {
      const computed = editor.getLineChanges();
      // Until Monaco has computed this file's diff it knows no changes; stepping past them would skip the file.
      if (computed === null) {
        const once = editor.onDidUpdateDiff(() => {
          if (editor.getLineChanges() === null) return;
          once.dispose();
          jump(direction);
        });
        return;
      }
      const changes = computed;
      const target = changeIndex.current + (direction === 'next' ? 1 : -1);
      const { onEdge: edge, onChangePlace: report, path: shownPath } = edgeHandlers.current;
      const from = changeIndex.current === -1 && direction === 'previous' ? -1 : target;
      if (from < 0 || from >= changes.length) {
        if (edge) edge(direction);
        else if (changes.length > 0) showChange(direction === 'next' ? 0 : changes.length - 1);
        return;
      }
      showChange(from);
      report?.({ path: shownPath, index: from, total: changes.length });
    };
    const showChange = (index: number): void => {
      const change = (editor.getLineChanges() ?? [])[index];
      if (!change) return;
      changeIndex.current = index;
      const side = editor.getModifiedEditor();
      const line = changeLine(change);
      side.setPosition({ lineNumber: line, column: 1 });
      side.revealLineInCenter(line);
    };
    showChangeRef.current = showChange;
    navigator.current = { next: () => jump('next'), previous: () => jump('previous') };
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
    editorRef.current?.updateOptions({
      renderSideBySide: sideBySide,
      wordWrap: wordWrap ? 'on' : 'off',
      diffWordWrap: wordWrap ? 'on' : 'off',
      hideUnchangedRegions: { enabled: collapseUnchanged },
    });
  }, [sideBySide, wordWrap, collapseUnchanged]);

  useLayoutEffect(() => {
    const editor = editorRef.current;
    const models = modelsRef.current;
    if (!editor || !models) return;
    decorations.current?.clear();
    decorations.current = null;
    gutters.current?.original.clear();
    gutters.current?.modified.clear();
    findingMarkers.current?.clear();
    // New text of the file on screen (a live workspace read again, another turn's version) keeps the reader's place.
    const modifiedEditor = editor.getModifiedEditor();
    const sameFile = modifiedEditor.getModel() !== null && modelPath.current === path;
    const place = { top: modifiedEditor.getScrollTop(), left: modifiedEditor.getScrollLeft() };
    editor.setModel(models.get(path, original, modified));
    modelPath.current = path;
    if (sameFile) {
      modifiedEditor.setScrollTop(place.top);
      modifiedEditor.setScrollLeft(place.left);
    }
    models.prune();
    changeIndex.current = -1;
    edgeHandlers.current.onChangePlace?.(null);
  }, [path, original, modified]);

  // Stepped in from a neighbouring file: its first or last change, once the diff is computed.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !enter) return;
    const go = (): boolean => {
      const changes = editor.getLineChanges();
      if (changes === null) return false;
      const index = enter.at === 'first' ? 0 : changes.length - 1;
      showChangeRef.current?.(index);
      edgeHandlers.current.onChangePlace?.({ path, index, total: changes.length });
      return true;
    };
    if (go()) return;
    const once = editor.onDidUpdateDiff(() => {
      if (go()) once.dispose();
    });
    return () => once.dispose();
  }, [enter, path, original, modified]);

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
