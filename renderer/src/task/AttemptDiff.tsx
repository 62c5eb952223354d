import { type ReactNode, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { AGENT_LABELS } from '../../../shared/agents';
import type { AttemptRow, DiffSummaryView, FileVersionsView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { DiffCounts } from '../ui/DiffCounts';
import { EmptyState } from '../ui/EmptyState';
import { errorMessage } from '../ui/errorMessage';
import { Spinner } from '../ui/Spinner';
import { isActive } from '../ui/status';
import { DiffFileList } from './DiffFileList';
import type { Loaded } from './fileVersionsCache';
import { type DiffNavigator, MonacoDiff } from './MonacoDiff';
import './diff.css';

interface Pair {
  a: string;
  b: string;
}

/** Better attempts first: the chosen one, then those with a result, that succeeded, with fewer failed and more passed checks. */
function rank(row: AttemptRow): number[] {
  return [row.chosen ? 0 : 1, row.hasResult ? 0 : 1, row.status === 'succeeded' ? 0 : 1, row.checksFailed ?? 0, -(row.checksPassed ?? 0), row.attempt];
}

function byRank(x: AttemptRow, y: AttemptRow): number {
  const [rx, ry] = [rank(x), rank(y)];
  const at = rx.findIndex((value, i) => value !== ry[i]);
  return at === -1 ? 0 : (rx[at] ?? 0) - (ry[at] ?? 0);
}

/** The two best attempts, the lower number on the left. */
function defaultPair(rows: readonly AttemptRow[]): Pair | null {
  const [first, second] = [...rows].sort(byRank);
  if (!first || !second) return null;
  return first.attempt < second.attempt ? { a: first.id, b: second.id } : { a: second.id, b: first.id };
}

function attemptLabel(row: AttemptRow): string {
  return `Attempt ${row.attempt} · ${AGENT_LABELS[row.agent]}`;
}

/** What a result is made of, so a finished turn fetches the diff again. */
function resultKey(row: AttemptRow | undefined): string {
  return row ? `${row.id}:${row.status}:${row.hasResult}:${row.filesChanged}:${row.linesAdded}:${row.linesRemoved}` : '';
}

function AttemptPicker({ label, rows, value, onChange }: { label: string; rows: readonly AttemptRow[]; value: string; onChange: (id: string) => void }) {
  return (
    <label className="tv-inline-field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {rows.map((row) => (
          <option key={row.id} value={row.id} disabled={!row.hasResult}>
            {attemptLabel(row)}
            {row.hasResult ? '' : ' (no result)'}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Two attempts' results side by side, file by file: A's version on the left, B's on the right.
 * It holds a diff editor only while a differing file is shown, and none once the tab is left.
 */
export default function AttemptDiff({ rows }: { rows: readonly AttemptRow[] }) {
  const [picked, setPicked] = useState<Pair | null>(null);
  const pair = picked ?? defaultPair(rows);
  const rowA = rows.find((row) => row.id === pair?.a);
  const rowB = rows.find((row) => row.id === pair?.b);
  const same = rowA !== undefined && rowA === rowB;
  const ready = rowA?.hasResult === true && rowB?.hasResult === true && !same;
  // Names the pair and both results: a new pick, or a new turn of either, compares afresh.
  const pairKey = `${resultKey(rowA)}|${resultKey(rowB)}`;

  const [summary, setSummary] = useState<{ key: string; loaded: Loaded<DiffSummaryView> } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const navigator = useRef<DiffNavigator | null>(null);
  // Both sides of each file of this pair, fetched once; a new pair (or a new result of either) starts afresh.
  const versions = useMemo(() => new Map<string, Loaded<FileVersionsView>>(), [pairKey]);

  const a = rowA?.id;
  const b = rowB?.id;
  useEffect(() => {
    if (!ready || !a || !b) return;
    let current = true;
    bridge.call('tasks.compareDiff', { a, b }).then(
      (value) => current && setSummary({ key: pairKey, loaded: { kind: 'ready', value } }),
      (error: unknown) => current && setSummary({ key: pairKey, loaded: { kind: 'failed', message: errorMessage(error) } }),
    );
    return () => {
      current = false;
    };
  }, [pairKey, ready, a, b]);

  const loaded: Loaded<DiffSummaryView> = summary?.key === pairKey ? summary.loaded : { kind: 'loading' };
  const files = loaded.kind === 'ready' ? loaded.value.files : null;

  useEffect(() => {
    if (files) setSelected((current) => (current !== null && files.some((f) => f.path === current) ? current : (files[0]?.path ?? null)));
  }, [files]);

  const file = files?.find((f) => f.path === selected) ?? null;
  const entry = file ? versions.get(file.path) : undefined;

  useEffect(() => {
    if (!a || !b || !file || file.binary || versions.has(file.path)) return;
    versions.set(file.path, { kind: 'loading' });
    const settle = (value: Loaded<FileVersionsView>): void => {
      versions.set(file.path, value);
      redraw();
    };
    bridge.call('tasks.compareFileVersions', { a, b, path: file.path, oldPath: file.oldPath }).then(
      (value) => settle({ kind: 'ready', value }),
      (error: unknown) => settle({ kind: 'failed', message: errorMessage(error) }),
    );
    // `entry` is here to fetch a file again once choosing it has let go of its failure.
  }, [versions, file, entry, a, b]);

  // The file on screen stays while the next one of the same pair loads, so switching files does not flash.
  const lastShown = useRef<{ versions: Map<string, Loaded<FileVersionsView>>; path: string; value: FileVersionsView } | null>(null);
  useLayoutEffect(() => {
    if (file && entry?.kind === 'ready') lastShown.current = { versions, path: file.path, value: entry.value };
  }, [versions, file, entry]);
  const kept = lastShown.current?.versions === versions ? lastShown.current : null;
  const shown = file && entry?.kind === 'ready' ? { path: file.path, value: entry.value } : kept;

  const choose = (path: string): void => {
    if (versions.get(path)?.kind === 'failed' && versions.delete(path)) redraw();
    setSelected(path);
  };

  if (!pair || !rowA || !rowB) return <p className="field-hint">Two attempts are needed to compare their results.</p>;

  const editor = (): ReactNode => {
    if (!file) return null;
    if (file.binary) {
      return (
        <EmptyState icon="box" title={`${file.path} is a binary file`}>
          Binary files are not shown here; open each attempt and export its patch to look at it.
        </EmptyState>
      );
    }
    if (entry?.kind === 'failed') return <Alert className="tv-diff-alert">{entry.message}</Alert>;
    if (!shown) {
      return (
        <p className="tv-loading-text">
          <Spinner /> Loading {file.path}…
        </p>
      );
    }
    if (shown.value.tooLarge) {
      return (
        <EmptyState icon="box" title={`${shown.path} is too large to show`}>
          Open each attempt and export its patch to review it in your own tools.
        </EmptyState>
      );
    }
    return (
      <>
        <div className="compare-diff-sides" aria-hidden="true">
          <span>{attemptLabel(rowA)}</span>
          <span>{attemptLabel(rowB)}</span>
        </div>
        <MonacoDiff
          path={shown.path}
          original={shown.value.original ?? ''}
          modified={shown.value.modified ?? ''}
          veil={shown.path === file.path ? null : `Loading ${file.path}…`}
          sideBySide
          reveal={null}
          navigator={navigator}
        />
      </>
    );
  };

  const body = (): ReactNode => {
    if (same) {
      return (
        <EmptyState icon="search" title="The same attempt is on both sides">
          Pick another attempt for one side to see where their results differ.
        </EmptyState>
      );
    }
    const missing = [rowA, rowB].find((row) => !row.hasResult);
    if (missing) {
      return isActive(missing.status) ? (
        <EmptyState icon="clock" title={`Attempt ${missing.attempt} has no result yet`}>
          It is still {missing.status}; its result can be compared once it finishes a turn.
        </EmptyState>
      ) : (
        <EmptyState icon="warning" title={`Attempt ${missing.attempt} has no result`}>
          It was {missing.status} before finishing a turn; pick an attempt that finished one.
        </EmptyState>
      );
    }
    if (loaded.kind === 'failed') return <Alert className="tv-diff-alert">{loaded.message}</Alert>;
    if (!files) {
      return (
        <p className="tv-loading-text">
          <Spinner /> Comparing attempts {rowA.attempt} and {rowB.attempt}…
        </p>
      );
    }
    if (files.length === 0) {
      return (
        <EmptyState icon="check" title={`Attempts ${rowA.attempt} and ${rowB.attempt} have the same result`}>
          Every file is the same in both, so either one ships the same change.
        </EmptyState>
      );
    }
    return (
      <div className="tv-diff-body">
        <DiffFileList files={files} selected={selected} onSelect={choose} />
        <div className="tv-diff-editor">{editor()}</div>
      </div>
    );
  };

  const totals = loaded.kind === 'ready' && !same ? loaded.value.totals : null;
  return (
    <section className="compare-diff" aria-label="Compare two attempts">
      <div className="compare-diff-bar">
        <h3>Compare two attempts</h3>
        <AttemptPicker label="Left" rows={rows} value={pair.a} onChange={(a) => setPicked({ a, b: pair.b })} />
        <Button size="sm" tip="Swap the sides" aria-label="Swap the sides" onClick={() => setPicked({ a: pair.b, b: pair.a })}>
          ⇄
        </Button>
        <AttemptPicker label="Right" rows={rows} value={pair.b} onChange={(b) => setPicked({ a: pair.a, b })} />
        {totals && totals.filesChanged > 0 && (
          <span className="tv-toolbar-note">
            {totals.filesChanged} file{totals.filesChanged === 1 ? ' differs' : 's differ'} <DiffCounts added={totals.linesAdded} removed={totals.linesRemoved} />
          </span>
        )}
      </div>
      {body()}
    </section>
  );
}
