import { type KeyboardEvent, type ReactNode, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { MODES } from '../../../shared/modes';
import type { CommentView, DiffFileView, DiffSummaryView, FileVersionsView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { DiffCounts } from '../ui/DiffCounts';
import { EmptyState } from '../ui/EmptyState';
import { errorMessage } from '../ui/errorMessage';
import { Spinner } from '../ui/Spinner';
import { isActive } from '../ui/status';
import { toast } from '../ui/toasts';
import { useSettled } from '../ui/useSettled';
import { useCommentMarks } from './commentMarks';
import { DiffFileList, groupByFolder } from './DiffFileList';
import { FileVersionsCache, type Loaded } from './fileVersionsCache';
import { CitedFile } from './CitedFile';
import { type ChangePlace, type DiffFindings, type DiffNavigator, type DiffReview, type Direction, type EnterTarget, MonacoDiff, type RevealTarget } from './MonacoDiff';
import { ReviewPanel } from './ReviewPanel';
import { ReviewTargetText } from './ReviewTargetText';
import { opensFilesOnly } from './TaskTabs';
import { useTaskSession, useTaskState } from './taskContext';
import { useFindingActions } from './useFindingActions';
import { type CommentDraft, useReviewComments } from './useReviewComments';
import { useViewedFiles } from './useViewedFiles';
import './diff.css';
import './review.css';

const SIDE_BY_SIDE_KEY = 'codebay.diff.sideBySide';
const WORD_WRAP_KEY = 'codebay.diff.wordWrap';
const COLLAPSE_KEY = 'codebay.diff.collapseUnchanged';
/** Edits come in bursts: the live diff is read again once they pause this long. */
const LIVE_SETTLE_MS = 600;

/** What the Diff tab shows: one turn's result, all turns', or the running turn's workspace. */
type DiffChoice = number | 'all' | 'live';

function storedFlag(key: string, fallback: boolean): boolean {
  const value = localStorage.getItem(key);
  return value === null ? fallback : value === 'true';
}

/** The text file after (or before) `path` in the list's order, skipping binary files, which have no changes to step to. */
function fileBeside(files: readonly DiffFileView[], path: string | null, direction: Direction): DiffFileView | null {
  const ordered = groupByFolder(files).flatMap(([, list]) => list);
  const at = ordered.findIndex((f) => f.path === path);
  const step = direction === 'next' ? 1 : -1;
  for (let i = at + step; i >= 0 && i < ordered.length; i += step) {
    const file = ordered[i];
    if (file && !file.binary) return file;
  }
  return null;
}

/** A cited path as the diff names it: the same path, or a changed file it ends with. */
function resolvePath(files: DiffFileView[], cited: string): string {
  if (files.some((f) => f.path === cited)) return cited;
  const bare = cited.replace(/^\/+/, '');
  return files.find((f) => bare.endsWith(`/${f.path}`) || f.path.endsWith(`/${bare}`))?.path ?? bare;
}

/** A pair on screen, with the diff it belongs to. */
interface Shown {
  diff: FileVersionsCache;
  path: string;
  versions: FileVersionsView;
}

/** The files next to `path` in the list, which the reader is likely to open next. */
function neighboursOf(files: readonly DiffFileView[], path: string): DiffFileView[] {
  const ordered = groupByFolder(files).flatMap(([, list]) => list);
  const at = ordered.findIndex((f) => f.path === path);
  if (at === -1) return [];
  return [ordered[at + 1], ordered[at - 1]].filter((f): f is DiffFileView => f !== undefined && !f.binary);
}

/**
 * File list and Monaco diff of one turn or all turns, or of a review task the change it reviews
 * with its findings marked; refreshes when the task's diff changes.
 */
export default function DiffTab() {
  const session = useTaskSession();
  const detail = useTaskState((s) => s.detail);
  const revision = useTaskState((s) => s.diffRevision);
  const workspaceRevision = useSettled(useTaskState((s) => s.workspaceRevision), LIVE_SETTLE_MS);
  const fileTarget = useTaskState((s) => s.fileTarget);
  const taskId = detail?.task.id ?? session.taskId;
  const turnsWithResult = useMemo(() => detail?.turns.filter((t) => t.hasResult) ?? [], [detail]);
  // A review's turns change nothing: its diff is the change it reviews, there from the start.
  const reviews = detail ? MODES[detail.task.mode].reviews : false;
  const hasResult = reviews || turnsWithResult.length > 0;
  // A Code turn that is running has a workspace to show before it commits anything.
  const running = detail ? isActive(detail.task.status) && MODES[detail.task.mode].keepsChanges : false;
  const findings = useTaskState((s) => s.findings);
  const findingActions = useFindingActions((message) => toast(message, 'error'));

  const [turn, setTurn] = useState<DiffChoice>('all');
  const live = turn === 'live';
  const [summary, setSummary] = useState<{ diff: FileVersionsCache | null; loaded: Loaded<DiffSummaryView> }>({ diff: null, loaded: { kind: 'loading' } });
  const [selected, setSelected] = useState<string | null>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [reveal, setReveal] = useState<RevealTarget | null>(null);
  const [sideBySide, setSideBySide] = useState(() => storedFlag(SIDE_BY_SIDE_KEY, true));
  const [wordWrap, setWordWrap] = useState(() => storedFlag(WORD_WRAP_KEY, false));
  const [collapse, setCollapse] = useState(() => storedFlag(COLLAPSE_KEY, false));
  const [enter, setEnter] = useState<EnterTarget | null>(null);
  const [place, setPlace] = useState<ChangePlace | null>(null);
  const { viewed, setViewed } = useViewedFiles(taskId);
  const navigator = useRef<DiffNavigator | null>(null);
  const handledTarget = useRef(0);
  const turnParam = typeof turn === 'number' ? turn : undefined;
  // A turn starting switches All turns to the live workspace, and its end switches back to the result; a turn the reader picked stays.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (running !== wasRunning.current) setTurn((current) => (running && current === 'all' ? 'live' : !running && current === 'live' ? 'all' : current));
    wasRunning.current = running;
  }, [running]);
  const review = useReviewComments(taskId);
  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const [focus, setFocus] = useState<{ id: string; nonce: number } | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const revealCount = useRef(0);
  const hasComments = (review.comments?.length ?? 0) > 0;
  // A task with comments opens with them beside its diff.
  useEffect(() => {
    if (hasComments) setPanelOpen(true);
  }, [hasComments]);

  // One diff (task, turn, revision of the result or of the live workspace): the file list and every pair shown are of the diff this names.
  const diff = useMemo(() => new FileVersionsCache(taskId, turnParam, redraw, live), [taskId, turnParam, live, live ? workspaceRevision : revision]);

  useEffect(() => {
    if (!hasResult && !diff.live) return;
    let current = true;
    const listed = diff.live ? bridge.call('tasks.liveDiff', { id: diff.taskId }) : bridge.call('tasks.diffStats', { id: diff.taskId, turn: diff.turn });
    listed.then(
      (value) => current && setSummary({ diff, loaded: { kind: 'ready', value } }),
      (error: unknown) => current && setSummary({ diff, loaded: { kind: 'failed', message: errorMessage(error) } }),
    );
    return () => {
      current = false;
    };
  }, [diff, hasResult]);

  // Only the selected diff's own summary lists files; the last one (of another diff, while the
  // new one is on its way) keeps the list's place and guides what to fetch first.
  // The live workspace's last list stands while the next is read, so its refreshes do not flash.
  const fresh: Loaded<DiffSummaryView> = summary.diff === diff || (diff.live && summary.diff?.live) ? summary.loaded : { kind: 'loading' };
  const files = fresh.kind === 'ready' ? fresh.value.files : null;
  const listed = summary.loaded.kind === 'ready' ? summary.loaded.value.files : null;

  // A file citation picks its file (changed or not) and the lines to show; otherwise keep a
  // file that is still in the list, or show the first.
  useEffect(() => {
    if (!files) return;
    if (fileTarget && fileTarget.nonce !== handledTarget.current) {
      handledTarget.current = fileTarget.nonce;
      setSelected(resolvePath(files, fileTarget.path));
      // Line 0: open the file without pointing at lines (an "Edited" link).
      setReveal(fileTarget.start > 0 ? { start: fileTarget.start, end: fileTarget.end, nonce: fileTarget.nonce } : null);
      return;
    }
    setSelected((current) => (current !== null && (reveal !== null || files.some((f) => f.path === current)) ? current : (files[0]?.path ?? null)));
  }, [files, fileTarget, reveal]);

  const selectedFile = files?.find((f) => f.path === selected) ?? null;

  const current = selected && files ? diff.get(selected, selectedFile?.oldPath) : undefined;
  // Within one diff the file on screen stays while the next one loads, so switching files does
  // not flash. A pair of another diff is never shown: it waits, hidden, for the new pair.
  const lastShown = useRef<Shown | null>(null);
  const shown: Shown | null = selected && current?.kind === 'ready' ? { diff, path: selected, versions: current.value } : lastShown.current;
  const waiting = shown !== null && shown.diff !== diff && !(diff.live && shown.diff.live);
  useLayoutEffect(() => {
    if (selected && current?.kind === 'ready') lastShown.current = { diff, path: selected, versions: current.value };
  }, [diff, selected, current]);
  const shownTurn = shown?.diff.turn ?? null;
  const { marks, draft: draftLines } = useCommentMarks(review.comments, draft, shown?.path ?? null, shownTurn);
  const shownPath = shown?.path ?? null;
  const fileFindings = useMemo(() => findings?.filter((f) => f.path === shownPath) ?? [], [findings, shownPath]);
  const diffFindings: DiffFindings | undefined = reviews ? { marks: fileFindings, busy: findingActions.busy, fix: findingActions.fix, dismiss: findingActions.dismiss, openFix: findingActions.openFix } : undefined;
  const diffReview: DiffReview = {
    marks,
    draft: draftLines,
    add: (target) => {
      if (!shown) return;
      setDraft({ ...target, path: shown.path, turn: shownTurn });
      setPanelOpen(true);
    },
    pick: (id) => {
      setFocus({ id, nonce: ++revealCount.current });
      setPanelOpen(true);
    },
  };

  // The chosen file first, then its neighbours in the list, so stepping through the files finds them
  // fetched. A new diff's pair of the file on screen is fetched alongside its summary, as listed in
  // the last one: most turns keep the file, and the pair is then ready with the summary.
  useEffect(() => {
    const known = (files ?? listed)?.find((f) => f.path === selected);
    if (!selected || known?.binary) return;
    const entry = diff.get(selected, known?.oldPath);
    if (!entry) diff.load(selected, known?.oldPath);
    else if (entry.kind !== 'loading' && files) for (const next of neighboursOf(files, selected)) diff.load(next.path, next.oldPath);
    // `current` is here to run this again once the chosen file has come.
  }, [diff, current, selected, files, listed]);

  const choose = (path: string): void => {
    if (diff.forgetFailure(path, files?.find((f) => f.path === path)?.oldPath)) redraw();
    setSelected(path);
    setReveal(null);
    setEnter(null);
  };

  // Past the last change of a file, Next opens the next file at its first change; Previous, the one before at its last.
  const stepFile = (direction: Direction): void => {
    const beside = files ? fileBeside(files, selected, direction) : null;
    if (!beside) {
      toast(direction === 'next' ? 'That was the last change.' : 'That was the first change.');
      return;
    }
    choose(beside.path);
    setEnter({ at: direction === 'next' ? 'first' : 'last', nonce: ++revealCount.current });
  };
  const jump = (direction: Direction): void => {
    const current = navigator.current;
    if (!current) stepFile(direction);
    else if (direction === 'next') current.next();
    else current.previous();
  };

  const setFlag = (key: string, set: (value: boolean) => void, value: boolean): void => {
    set(value);
    localStorage.setItem(key, String(value));
  };

  // A comment from the panel: its turn's diff, its file, its lines on its side.
  const showComment = (comment: CommentView): void => {
    setTurn(comment.turn ?? 'all');
    setSelected(comment.path);
    setReveal({ start: comment.startLine, end: comment.endLine, side: comment.side, nonce: ++revealCount.current });
  };

  const toggleSideBySide = (value: boolean): void => setFlag(SIDE_BY_SIDE_KEY, setSideBySide, value);

  // F7 / Shift+F7 and Alt+↓ / Alt+↑ jump between changes, even with the focus inside Monaco.
  const onKeyCapture = (e: KeyboardEvent): void => {
    // Alt+arrows move the caret in the review panel's text boxes.
    if (e.target instanceof HTMLElement && e.target.closest('.tv-review')) return;
    const next = e.key === 'F7' ? !e.shiftKey : e.altKey && e.key === 'ArrowDown' ? true : e.altKey && e.key === 'ArrowUp' ? false : null;
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    jump(next ? 'next' : 'previous');
  };

  if (!detail) return null;
  const mode = MODES[detail.task.mode];
  if (opensFilesOnly(mode)) {
    // A file cited in an answer opens at those lines, as the task saw it.
    if (fileTarget) return <CitedFile taskId={taskId} target={fileTarget} />;
    return (
      <EmptyState icon="search" title="No file open">
        {mode.label} tasks change no files: click a file citation in the answer to read that file here, as the task saw it.
      </EmptyState>
    );
  }
  if (!hasResult && !live) {
    return isActive(detail.task.status) ? (
      <EmptyState icon="clock" title="No changes yet">
        The diff appears here when the agent finishes its first turn; the Logs tab shows what it is doing now.
      </EmptyState>
    ) : (
      <EmptyState icon="warning" title="No result to compare">
        This task ended without a result. Retry it, or send a follow-up to continue.
      </EmptyState>
    );
  }

  const turnName = turn === 'all' ? 'all turns' : live ? 'the live workspace' : `turn ${turn}`;
  const runningTurn = detail.turns.at(-1)?.turn ?? 1;
  const showPanel = panelOpen || draft !== null;
  const togglePanel = (): void => {
    // Hiding the panel lets go of a comment not yet saved, which has nowhere else to be.
    if (showPanel) setDraft(null);
    setPanelOpen(!showPanel);
  };
  const editorContent = (): ReactNode => {
    // The summary's own alert says why there is nothing to show.
    if (fresh.kind === 'failed') return null;
    if (fresh.kind === 'ready' && !selected) {
      return (
        <EmptyState icon="check" title="No files changed">
          {turn === 'all' ? 'The agent finished without changing any file.' : live ? 'The agent has not changed any file yet; this list follows its edits as it works.' : `Turn ${turn} changed no files; pick another turn or All turns.`}
        </EmptyState>
      );
    }
    const binaryNote = (path: string): ReactNode => (
      <EmptyState icon="box" title={`${path} is a binary file`}>
        Binary files are not shown here; export the patch or create a branch to look at it.
      </EmptyState>
    );
    if (selected && selectedFile?.binary) return binaryNote(selected);
    if (current?.kind === 'failed') return <Alert className="tv-diff-alert">{current.message}</Alert>;
    const loadingText = (
      <p className="tv-loading-text">
        <Spinner /> {selected && fresh.kind === 'ready' ? `Loading ${selected}…` : 'Loading the diff…'}
      </p>
    );
    if (!shown) return loadingText;
    const { path, versions } = shown;
    if (waiting && (versions.binary || versions.tooLarge)) return loadingText;
    if (versions.binary) return binaryNote(path);
    if (versions.tooLarge) {
      return (
        <EmptyState icon="box" title={`${path} is too large to show`}>
          Export the patch or create a branch to review it in your own tools.
        </EmptyState>
      );
    }
    const unchanged = !waiting && path === selected && !selectedFile;
    return (
      <>
        {unchanged && (
          <Alert kind="info" className="tv-diff-alert">
            {path} was not changed{turn === 'all' || live ? ' by this task' : ` in turn ${turn}`}; it is shown as it is.
          </Alert>
        )}
        <MonacoDiff
          path={path}
          original={versions.original ?? ''}
          modified={versions.modified ?? ''}
          turn={shown.diff.turn ?? 'all'}
          veil={waiting ? `Loading ${turnName} of ${selected ?? path}…` : null}
          sideBySide={sideBySide}
          wordWrap={wordWrap}
          collapseUnchanged={collapse}
          onEdge={stepFile}
          enter={!waiting && path === selected ? enter : null}
          onChangePlace={setPlace}
          reveal={!waiting && path === selected ? reveal : null}
          navigator={navigator}
          review={reviews || live ? undefined : diffReview}
          findings={diffFindings}
        />
      </>
    );
  };

  return (
    <div className="tv-diff" onKeyDownCapture={onKeyCapture}>
      <div className="tv-toolbar">
        {detail.task.reviewTarget ? (
          <span className="tv-toolbar-note">
            Reviewed: <ReviewTargetText target={detail.task.reviewTarget} />
          </span>
        ) : (
          <label className="tv-inline-field">
            <span>Changes of</span>
            <select value={String(turn)} onChange={(e) => setTurn(e.target.value === 'all' || e.target.value === 'live' ? e.target.value : Number(e.target.value))}>
              {running && <option value="live">Live · turn {runningTurn}</option>}
              <option value="all">All turns</option>
              {turnsWithResult.map((t) => (
                <option key={t.turn} value={t.turn}>
                  Turn {t.turn}
                </option>
              ))}
            </select>
          </label>
        )}
        {live && (
          <span className="tv-live-note" title="The workspace as the agent edits it, read again after each edit; nothing here is committed until the turn ends, and comments open then">
            Uncommitted
          </span>
        )}
        {fresh.kind === 'ready' && (
          <span className="tv-toolbar-note">
            {fresh.value.totals.filesChanged} file{fresh.value.totals.filesChanged === 1 ? '' : 's'}{' '}
            <DiffCounts added={fresh.value.totals.linesAdded} removed={fresh.value.totals.linesRemoved} />
          </span>
        )}
        {/* Files still changing under the agent are reviewed once the turn ends. */}
        {files && files.length > 0 && !live && (
          <span className="tv-toolbar-note" data-testid="viewed-count">
            {files.filter((f) => viewed.has(f.path)).length} of {files.length} viewed
          </span>
        )}
        <span className="tv-toolbar-spacer" />
        {selectedFile && !live && (
          <label className="check-inline tv-viewed-toggle" title="Mark this file as reviewed; the mark stays in this browser">
            <input type="checkbox" checked={viewed.has(selectedFile.path)} onChange={(e) => setViewed(selectedFile.path, e.target.checked)} />
            Viewed
          </label>
        )}
        <label className="check-inline" title="Wrap long lines instead of scrolling sideways">
          <input type="checkbox" checked={wordWrap} onChange={(e) => setFlag(WORD_WRAP_KEY, setWordWrap, e.target.checked)} />
          Wrap
        </label>
        <label className="check-inline" title="Fold long runs of unchanged lines; click a fold to show it">
          <input type="checkbox" checked={collapse} onChange={(e) => setFlag(COLLAPSE_KEY, setCollapse, e.target.checked)} />
          Collapse unchanged
        </label>
        <div className="segmented" role="group" aria-label="Layout">
          <button type="button" className={sideBySide ? 'is-on' : undefined} aria-pressed={sideBySide} onClick={() => toggleSideBySide(true)}>
            Side by side
          </button>
          <button type="button" className={sideBySide ? undefined : 'is-on'} aria-pressed={!sideBySide} onClick={() => toggleSideBySide(false)}>
            Inline
          </button>
        </div>
        {place && place.path === shownPath && (
          <span className="tv-toolbar-note" role="status" aria-label="Current change">
            Change {place.index + 1} of {place.total}
          </span>
        )}
        <Button size="sm" aria-label="Previous change" tip="Previous change (Shift+F7 or Alt+↑)" onClick={() => jump('previous')}>
          ↑
        </Button>
        <Button size="sm" aria-label="Next change" tip="Next change (F7 or Alt+↓)" onClick={() => jump('next')}>
          ↓
        </Button>
        {!reviews && (
          <Button size="sm" aria-pressed={showPanel} tip={showPanel ? 'Hide the review comments' : 'Show the review comments'} onClick={togglePanel}>
            Comments{review.comments && review.comments.length > 0 ? ` ${review.comments.length}` : ''}
          </Button>
        )}
      </div>
      {fresh.kind === 'failed' && <Alert className="tv-diff-alert">{fresh.message}</Alert>}
      <div className="tv-diff-body">
        {files
          ? files.length > 0 && <DiffFileList files={files} selected={selected} onSelect={choose} viewed={viewed} />
          : listed && listed.length > 0 && <div className="tv-files" aria-busy="true" />}
        <div className="tv-diff-editor">{editorContent()}</div>
        {showPanel && !reviews && (
          <ReviewPanel
            review={review}
            draft={draft}
            onDraftDone={() => setDraft(null)}
            focus={focus}
            onShow={showComment}
            running={isActive(detail.task.status)}
            onSent={(task) => {
              session.applyRow(task);
              session.refreshDetail();
              session.setTab('conversation');
            }}
          />
        )}
      </div>
    </div>
  );
}
