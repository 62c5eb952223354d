import { useCallback, useMemo, useState } from 'react';
import type { FindingView } from '../../../shared/findings';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { Spinner } from '../ui/Spinner';
import { isActive } from '../ui/status';
import type { Citation } from './citations';
import { FindingCard } from './FindingCard';
import { compareFindings } from './findingFormat';
import { useTaskSession, useTaskState } from './taskContext';
import { useFindingActions } from './useFindingActions';
import './findings.css';

function counts(findings: readonly FindingView[]): string {
  const of = (status: FindingView['status']): number => findings.filter((f) => f.status === status).length;
  const parts = [`${of('open')} open`];
  if (of('fixing') > 0) parts.push(`${of('fixing')} being fixed`);
  if (of('dismissed') > 0) parts.push(`${of('dismissed')} dismissed`);
  return parts.join(' · ');
}

/** A review's findings, most important first, each with "Fix this" and "Dismiss"; new ones appear as the agent reports them. */
export function FindingsTab() {
  const session = useTaskSession();
  const findings = useTaskState((s) => s.findings);
  const loadError = useTaskState((s) => s.findingsError);
  const status = useTaskState((s) => s.detail?.task.status);
  const [error, setError] = useState<string | null>(null);
  const actions = useFindingActions(setError);
  const ordered = useMemo(() => (findings ? [...findings].sort(compareFindings) : null), [findings]);
  const running = status !== undefined && isActive(status);
  const show = useCallback((f: FindingView) => session.showFile(f.path, f.startLine, f.endLine), [session]);
  const onCitation = useCallback(
    (c: Citation) => (c.kind === 'file' ? session.showFile(c.path, c.start, c.end) : session.showCommand(c.callId, c.start, c.end)),
    [session],
  );

  if (!ordered) {
    return loadError ? (
      <Alert className="tv-findings-alert" action={<Button size="sm" variant="ghost" onClick={() => session.refreshFindings()}>Retry</Button>}>
        {loadError}
      </Alert>
    ) : (
      <p className="tv-loading-text">
        <Spinner /> Loading the findings…
      </p>
    );
  }
  if (ordered.length === 0) {
    if (running) {
      return (
        <EmptyState icon="clock" title="Reviewing…">
          Findings appear here as the agent reports them.
        </EmptyState>
      );
    }
    return status === 'succeeded' ? (
      <EmptyState icon="check" title="No findings">
        The reviewer found nothing to report.
      </EmptyState>
    ) : (
      <EmptyState icon="warning" title="No findings">
        The review ended before it reported any. Retry it, or see the Conversation tab for what happened.
      </EmptyState>
    );
  }

  return (
    <div className="tv-findings">
      <div className="tv-toolbar">
        <span className="tv-toolbar-note">{counts(ordered)}</span>
        {running && (
          <span className="tv-toolbar-note">
            <Spinner size={12} /> Reviewing; more may come
          </span>
        )}
      </div>
      {(error || loadError) && (
        <Alert className="tv-findings-alert" action={<Button size="sm" variant="ghost" onClick={() => (error ? setError(null) : session.refreshFindings())}>{error ? 'Dismiss' : 'Retry'}</Button>}>
          {error ?? loadError}
        </Alert>
      )}
      <div className="tv-findings-scroll">
        <div className="tv-findings-list" role="list" aria-label="Findings">
          {ordered.map((finding) => (
            <div role="listitem" key={finding.id}>
              <FindingCard finding={finding} actions={actions} onShow={show} onCitation={onCitation} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
