import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { AGENT_LABELS } from '../../../shared/agents';
import type { AttemptRow } from '../../../shared/types';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { DiffCounts } from '../ui/DiffCounts';
import { errorMessage } from '../ui/errorMessage';
import { formatDuration } from '../ui/format';
import { statusText } from '../ui/status';
import { Spinner } from '../ui/Spinner';
import { toast } from '../ui/toasts';
import { PanelErrorBoundary } from './PanelErrorBoundary';
import { useTaskState } from './taskContext';

// Monaco loads with the comparison of two attempts, not with the table.
const AttemptDiff = lazy(() => import('./AttemptDiff'));

function checksCell(row: AttemptRow) {
  if (row.checksFailed === null) return <span className="muted">—</span>;
  return row.checksFailed > 0 ? <span className="compare-bad">{row.checksFailed} failed</span> : <span className="compare-ok">{row.checksPassed ?? 0} passed</span>;
}

/**
 * The attempts of a best-of-N side by side, on evidence: how each ended, its checks, what
 * it changed, what it cost, and any two attempts' results diffed file by file. "Use this
 * attempt" (or its number key) keeps one and archives the others, so export, branch and
 * push act on the winner.
 */
export function CompareTab({ onOpenAttempt }: { onOpenAttempt: (id: string) => void }) {
  const task = useTaskState((s) => s.detail?.task);
  const [rows, setRows] = useState<AttemptRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const taskId = task?.id;
  const statusKey = task ? `${task.status}:${task.linesAdded}:${task.checksFailed ?? ''}` : '';

  const load = useCallback(async () => {
    if (!taskId) return;
    try {
      setRows(await bridge.call('tasks.compare', { id: taskId }));
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [taskId]);

  useEffect(() => {
    void load();
  }, [load, statusKey]);

  const choose = useCallback(
    async (row: AttemptRow) => {
      setBusy(row.id);
      try {
        await bridge.call('tasks.chooseAttempt', { id: row.id });
        toast(`Using attempt ${row.attempt}; the other attempts are archived`);
        await load();
        onOpenAttempt(row.id);
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        setBusy(null);
      }
    },
    [load, onOpenAttempt],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || !rows) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const row = rows.find((r) => String(r.attempt) === event.key);
      if (!row) return;
      event.preventDefault();
      onOpenAttempt(row.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, onOpenAttempt]);

  if (error) return <Alert>{error}</Alert>;
  if (!rows) return <p className="tv-loading-text">Loading the attempts…</p>;
  return (
    <div className="compare">
      <p className="field-hint">Press an attempt's number to open it. "Use this attempt" keeps it and archives the others.</p>
      <table className="compare-table" aria-label="Attempts">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Agent</th>
            <th scope="col">Status</th>
            <th scope="col">Checks</th>
            <th scope="col">Files</th>
            <th scope="col">Changes</th>
            <th scope="col">Tokens in / out</th>
            <th scope="col">Time</th>
            <th scope="col">Commands</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={`${row.id === taskId ? 'is-current' : ''}${row.chosen ? ' is-chosen' : ''}`} aria-label={`Attempt ${row.attempt}`}>
              <td>
                <button type="button" className="compare-attempt" onClick={() => onOpenAttempt(row.id)} title={`Open attempt ${row.attempt} (key ${row.attempt})`}>
                  {row.attempt}
                </button>
              </td>
              <td>{AGENT_LABELS[row.agent]}</td>
              <td>{statusText(row.status, null)}</td>
              <td>{checksCell(row)}</td>
              <td>{row.filesChanged}</td>
              <td>
                <DiffCounts added={row.linesAdded} removed={row.linesRemoved} />
              </td>
              <td>
                {row.inputTokens.toLocaleString()} / {row.outputTokens.toLocaleString()}
              </td>
              <td>{row.wallMs === null ? '—' : formatDuration(row.wallMs)}</td>
              <td>{row.commands}</td>
              <td>
                {row.chosen ? (
                  <span className="compare-ok">Chosen</span>
                ) : (
                  <Button size="sm" busy={busy === row.id} disabled={busy !== null || row.status !== 'succeeded'} tip="Keep this attempt and archive the others" onClick={() => void choose(row)}>
                    Use this attempt
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {task?.mode === 'code' && rows.length > 1 && (
        <PanelErrorBoundary what="comparison of two attempts">
          <Suspense
            fallback={
              <p className="tv-loading-text">
                <Spinner /> Loading the diff viewer…
              </p>
            }
          >
            <AttemptDiff rows={rows} />
          </Suspense>
        </PanelErrorBoundary>
      )}
    </div>
  );
}
