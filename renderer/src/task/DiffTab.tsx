import { type KeyboardEvent, type ReactNode, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { DiffFileView, DiffSummaryView, FileVersionsView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { DiffCounts } from '../ui/DiffCounts';
import { EmptyState } from '../ui/EmptyState';
import { errorMessage } from '../ui/errorMessage';
import { Spinner } from '../ui/Spinner';
import { isActive } from '../ui/status';
import { DiffFileList, groupByFolder } from './DiffFileList';
import { FileVersionsCache, type Loaded } from './fileVersionsCache';
import { type DiffNavigator, MonacoDiff, type RevealTarget } from './MonacoDiff';
import { useTaskSession, useTaskState } from './taskContext';
import './diff.css';

const SIDE_BY_SIDE_KEY = 'codebay.diff.sideBySide';

/** A cited path as the diff names it: the same path, or a changed file it ends with. */
function resolvePath(files: DiffFileView[], cited: string): string {
  if (files.some((f) => f.path === cited)) return cited;
  const bare = cited.replace(/^\/+/, '');
  return files.find((f) => bare.endsWith(`/${f.path}`) || f.path.endsWith(`/${bare}`))?.path ?? bare;
}

/** The files next to `path` in the list, which the reader is likely to open next. */
function neighboursOf(files: readonly DiffFileView[], path: string): DiffFileView[] {
  const ordered = groupByFolder(files).flatMap(([, list]) => list);
  const at = ordered.findIndex((f) => f.path === path);
  if (at === -1) return [];
  return [ordered[at + 1], ordered[at - 1]].filter((f): f is DiffFileView => f !== undefined && !f.binary);
}

/** File list and Monaco diff of one turn or all turns; refreshes when the task's diff changes. */
export default function DiffTab() {
  const session = useTaskSession();
  const detail = useTaskState((s) => s.detail);
  const revision = useTaskState((s) => s.diffRevision);
  const fileTarget = useTaskState((s) => s.fileTarget);
  const taskId = detail?.task.id ?? session.taskId;
  const turnsWithResult = useMemo(() => detail?.turns.filter((t) => t.hasResult) ?? [], [detail]);
  const hasResult = turnsWithResult.length > 0;

  const [turn, setTurn] = useState<number | 'all'>('all');
  const [summary, setSummary] = useState<Loaded<DiffSummaryView>>({ kind: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [reveal, setReveal] = useState<RevealTarget | null>(null);
  const [sideBySide, setSideBySide] = useState(() => localStorage.getItem(SIDE_BY_SIDE_KEY) !== 'false');
  const navigator = useRef<DiffNavigator | null>(null);
  const handledTarget = useRef(0);
  const turnParam = turn === 'all' ? undefined : turn;

  useEffect(() => {
    if (!hasResult) return;
    let current = true;
    bridge.call('tasks.diffStats', { id: taskId, turn: turnParam }).then(
      (value) => current && setSummary({ kind: 'ready', value }),
      (error: unknown) => current && setSummary({ kind: 'failed', message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [taskId, turnParam, revision, hasResult]);

  const files = summary.kind === 'ready' ? summary.value.files : null;

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

  // Both sides of each file, fetched once per diff; a new revision of the result starts over.
  const cache = useMemo(() => new FileVersionsCache(taskId, turnParam, redraw), [taskId, turnParam, revision]);

  const current = selected ? cache.get(selected, selectedFile?.oldPath) : undefined;
  // The file on screen stays while the next one loads, so switching files does not flash.
  const lastShown = useRef<{ path: string; versions: FileVersionsView } | null>(null);
  const shown = selected && current?.kind === 'ready' ? { path: selected, versions: current.value } : lastShown.current;
  useLayoutEffect(() => {
    if (selected && current?.kind === 'ready') lastShown.current = { path: selected, versions: current.value };
  }, [selected, current]);

  // The chosen file first, then its neighbours in the list, so stepping through the files finds them fetched.
  useEffect(() => {
    if (!selected || selectedFile?.binary) return;
    if (!current) cache.load(selected, selectedFile?.oldPath);
    else if (current.kind !== 'loading' && files) for (const next of neighboursOf(files, selected)) cache.load(next.path, next.oldPath);
  }, [cache, current, selected, selectedFile?.oldPath, selectedFile?.binary, files]);

  const choose = (path: string): void => {
    if (cache.forgetFailure(path, files?.find((f) => f.path === path)?.oldPath)) redraw();
    setSelected(path);
    setReveal(null);
  };

  const toggleSideBySide = (value: boolean): void => {
    setSideBySide(value);
    localStorage.setItem(SIDE_BY_SIDE_KEY, String(value));
  };

  // F7 / Shift+F7 and Alt+↓ / Alt+↑ jump between changes, even with the focus inside Monaco.
  const onKeyCapture = (e: KeyboardEvent): void => {
    const next = e.key === 'F7' ? !e.shiftKey : e.altKey && e.key === 'ArrowDown' ? true : e.altKey && e.key === 'ArrowUp' ? false : null;
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    if (next) navigator.current?.next();
    else navigator.current?.previous();
  };

  if (!detail) return null;
  if (detail.task.mode === 'ask') {
    return (
      <EmptyState icon="search" title="No diff for Ask tasks">
        Ask tasks answer questions and change no files. Start a Code task to have the agent make changes.
      </EmptyState>
    );
  }
  if (!hasResult) {
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

  const editorContent = (): ReactNode => {
    if (!selected) {
      return (
        <EmptyState icon="check" title="No files changed">
          {turn === 'all' ? 'The agent finished without changing any file.' : `Turn ${turn} changed no files; pick another turn or All turns.`}
        </EmptyState>
      );
    }
    const binaryNote = (path: string): ReactNode => (
      <EmptyState icon="box" title={`${path} is a binary file`}>
        Binary files are not shown here; export the patch or create a branch to look at it.
      </EmptyState>
    );
    if (selectedFile?.binary) return binaryNote(selected);
    if (current?.kind === 'failed') return <Alert className="tv-diff-alert">{current.message}</Alert>;
    if (!shown) {
      return (
        <p className="tv-loading-text">
          <Spinner /> Loading {selected}…
        </p>
      );
    }
    const { path, versions } = shown;
    if (versions.binary) return binaryNote(path);
    if (versions.tooLarge) {
      return (
        <EmptyState icon="box" title={`${path} is too large to show`}>
          Export the patch or create a branch to review it in your own tools.
        </EmptyState>
      );
    }
    const unchanged = path === selected && !selectedFile;
    return (
      <>
        {unchanged && (
          <Alert kind="info" className="tv-diff-alert">
            {path} was not changed{turn === 'all' ? ' by this task' : ` in turn ${turn}`}; it is shown as it is.
          </Alert>
        )}
        <MonacoDiff path={path} original={versions.original ?? ''} modified={versions.modified ?? ''} sideBySide={sideBySide} reveal={path === selected ? reveal : null} navigator={navigator} />
      </>
    );
  };

  return (
    <div className="tv-diff" onKeyDownCapture={onKeyCapture}>
      <div className="tv-toolbar">
        <label className="tv-inline-field">
          <span>Changes of</span>
          <select value={String(turn)} onChange={(e) => setTurn(e.target.value === 'all' ? 'all' : Number(e.target.value))}>
            <option value="all">All turns</option>
            {turnsWithResult.map((t) => (
              <option key={t.turn} value={t.turn}>
                Turn {t.turn}
              </option>
            ))}
          </select>
        </label>
        {summary.kind === 'ready' && (
          <span className="tv-toolbar-note">
            {summary.value.totals.filesChanged} file{summary.value.totals.filesChanged === 1 ? '' : 's'}{' '}
            <DiffCounts added={summary.value.totals.linesAdded} removed={summary.value.totals.linesRemoved} />
          </span>
        )}
        <span className="tv-toolbar-spacer" />
        <div className="segmented" role="group" aria-label="Layout">
          <button type="button" className={sideBySide ? 'is-on' : undefined} aria-pressed={sideBySide} onClick={() => toggleSideBySide(true)}>
            Side by side
          </button>
          <button type="button" className={sideBySide ? undefined : 'is-on'} aria-pressed={!sideBySide} onClick={() => toggleSideBySide(false)}>
            Inline
          </button>
        </div>
        <Button size="sm" tip="Previous change (Shift+F7 or Alt+↑)" onClick={() => navigator.current?.previous()}>
          ↑ Previous change
        </Button>
        <Button size="sm" tip="Next change (F7 or Alt+↓)" onClick={() => navigator.current?.next()}>
          ↓ Next change
        </Button>
      </div>
      {summary.kind === 'failed' && <Alert className="tv-diff-alert">{summary.message}</Alert>}
      <div className="tv-diff-body">
        {files && files.length > 0 && <DiffFileList files={files} selected={selected} onSelect={choose} />}
        <div className="tv-diff-editor">
          {summary.kind === 'loading' ? (
            <p className="tv-loading-text">
              <Spinner /> Loading the diff…
            </p>
          ) : (
            editorContent()
          )}
        </div>
      </div>
    </div>
  );
}
