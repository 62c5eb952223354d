import { capQuote, type CommentSide } from '../../../shared/comments';
import { shortcutLabel } from '../ui/keys';
import { monaco } from '../ui/monacoSetup';

/** Lines of one side of the diff. */
export interface LineSpan {
  startLine: number;
  endLine: number;
}

/** A comment as the gutter marks it. */
export interface CommentMark extends LineSpan {
  id: string;
  body: string;
  /** Open comments stand out; sent and resolved ones stay quiet. */
  open: boolean;
}

/** Lines picked to comment on, with the code they hold. */
export interface CommentTarget extends LineSpan {
  side: CommentSide;
  quote: string;
}

export interface CommentGutterHandlers {
  /** The reader asked to comment on these lines. */
  add(target: CommentTarget): void;
  /** The reader clicked the marker of this comment. */
  pick(id: string): void;
}

export const ADD_COMMENT_SHORTCUT = 'Mod+Alt+M';

const { MouseTargetType } = monaco.editor;
// Where a "+" may appear: over a line's text or its gutter, not over the filler beside another side's lines.
const OVER_A_LINE = new Set([MouseTargetType.CONTENT_TEXT, MouseTargetType.CONTENT_EMPTY, MouseTargetType.GUTTER_GLYPH_MARGIN, MouseTargetType.GUTTER_LINE_NUMBERS, MouseTargetType.GUTTER_LINE_DECORATIONS]);

/** The sides of a diff editor are standalone editors, though typed as plain code editors. */
function canAddActions(editor: monaco.editor.ICodeEditor): editor is monaco.editor.IStandaloneCodeEditor {
  return 'addAction' in editor;
}

/** The lines a selection covers; one ending at the start of a line leaves that line out, as a line-number drag does. */
function spanOf(selection: monaco.Selection): LineSpan {
  const endLine = selection.endColumn === 1 && selection.endLineNumber > selection.startLineNumber ? selection.endLineNumber - 1 : selection.endLineNumber;
  return { startLine: selection.startLineNumber, endLine };
}

/**
 * Commenting on one side of the diff editor: a "+" in the glyph margin of the line under the
 * mouse, the Add comment action (Mod+Alt+M) on the selected lines, and the markers of the
 * comments on the file shown. Call `clear` before the editor changes model: decorations
 * belong to a model, and the models are kept for going back to a file.
 */
export class CommentGutter {
  private readonly marks: monaco.editor.IEditorDecorationsCollection;
  private readonly hover: monaco.editor.IEditorDecorationsCollection;
  private readonly draft: monaco.editor.IEditorDecorationsCollection;
  private readonly subscriptions: monaco.IDisposable[];
  private shown: readonly CommentMark[] = [];
  private hoveredLine = 0;

  constructor(
    private readonly editor: monaco.editor.ICodeEditor,
    private readonly side: CommentSide,
    handlers: () => CommentGutterHandlers | null,
  ) {
    this.marks = editor.createDecorationsCollection();
    this.hover = editor.createDecorationsCollection();
    this.draft = editor.createDecorationsCollection();
    this.subscriptions = [
      editor.onMouseMove((e) => this.showPlus(OVER_A_LINE.has(e.target.type) ? (e.target.position?.lineNumber ?? 0) : 0)),
      editor.onMouseLeave(() => this.showPlus(0)),
      editor.onMouseDown((e) => {
        const line = e.target.position?.lineNumber;
        const on = handlers();
        if (e.target.type !== MouseTargetType.GUTTER_GLYPH_MARGIN || !line || !on || !e.event.leftButton) return;
        const mark = this.markAt(line);
        if (mark) on.pick(mark.id);
        else on.add(this.target(this.selectionAround(line)));
      }),
    ];
    if (canAddActions(editor)) {
      this.subscriptions.push(
        editor.addAction({
          id: 'codebay.addComment',
          label: 'Add comment',
          keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Alt | monaco.KeyCode.KeyM],
          run: () => {
            const selection = editor.getSelection();
            if (selection) handlers()?.add(this.target(spanOf(selection)));
          },
        }),
      );
    }
  }

  /** Marks these comments on the lines they are about. */
  setMarks(marks: readonly CommentMark[]): void {
    this.shown = marks;
    const lastLine = this.editor.getModel()?.getLineCount() ?? 0;
    const kept = marks.filter((m) => m.startLine <= lastLine);
    this.marks.set(
      kept.flatMap((m) => [
        {
          range: new monaco.Range(m.startLine, 1, Math.min(m.endLine, lastLine), 1),
          options: {
            isWholeLine: true,
            className: m.open ? 'tv-comment-line' : 'tv-comment-line is-quiet',
            overviewRuler: { color: m.open ? '#6b7bff' : '#8c8c95', position: monaco.editor.OverviewRulerLane.Left },
          },
        },
        {
          range: new monaco.Range(m.startLine, 1, m.startLine, 1),
          options: { glyphMarginClassName: m.open ? 'tv-comment-glyph' : 'tv-comment-glyph is-quiet', glyphMarginHoverMessage: { value: m.body } },
        },
      ]),
    );
    this.showPlus(this.hoveredLine);
  }

  /** Highlights the lines a comment is being written on; null when none is on this side. */
  setDraft(span: LineSpan | null): void {
    this.draft.set(span ? [{ range: new monaco.Range(span.startLine, 1, span.endLine, 1), options: { isWholeLine: true, className: 'tv-comment-draft' } }] : []);
  }

  clear(): void {
    this.marks.clear();
    this.hover.clear();
    this.draft.clear();
    this.shown = [];
  }

  dispose(): void {
    this.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private showPlus(line: number): void {
    this.hoveredLine = line;
    if (line === 0 || this.markAt(line)) {
      this.hover.clear();
      return;
    }
    this.hover.set([
      {
        range: new monaco.Range(line, 1, line, 1),
        options: { glyphMarginClassName: 'tv-comment-add', glyphMarginHoverMessage: { value: `Add a comment (${shortcutLabel(ADD_COMMENT_SHORTCUT)} on selected lines)` } },
      },
    ]);
  }

  private markAt(line: number): CommentMark | undefined {
    return this.shown.find((m) => m.startLine === line);
  }

  /** The selected lines when the clicked line is one of them, else that line alone. */
  private selectionAround(line: number): LineSpan {
    const selection = this.editor.getSelection();
    const span = selection && !selection.isEmpty() ? spanOf(selection) : null;
    return span && span.startLine <= line && line <= span.endLine ? span : { startLine: line, endLine: line };
  }

  private target(span: LineSpan): CommentTarget {
    const model = this.editor.getModel();
    const endLine = Math.min(span.endLine, model?.getLineCount() ?? span.endLine);
    const quote = model ? model.getValueInRange(new monaco.Range(span.startLine, 1, endLine, model.getLineMaxColumn(endLine))) : '';
    return { side: this.side, startLine: span.startLine, endLine, quote: capQuote(quote) };
  }
}
