import { Fragment } from 'react';
import { AGENT_LABELS } from '../../../shared/agents';
import { MODES } from '../../../shared/modes';
import type { TaskDetail } from '../../../shared/types';
import { DiffCounts } from '../ui/DiffCounts';
import { baseName, formatDuration } from '../ui/format';
import { Icon } from '../ui/Icon';
import { isActive, statusText } from '../ui/status';
import { StatusBadge } from '../ui/StatusIcon';
import { useNow } from '../ui/useNow';
import { AttemptSwitcher } from './AttemptSwitcher';
import { CurrentStepText } from './CurrentStepText';
import { formatClock, formatTokens } from './format';
import { ReviewTargetText } from './ReviewTargetText';
import { branchMarker, pushedMarker } from './shipStatus';
import { TaskActions } from './TaskActions';
import { useShipState } from './useShipState';

interface TaskHeaderProps {
  detail: TaskDetail;
  onBack: () => void;
  onSwitchAttempt: (id: string) => void;
  onError: (message: string | null) => void;
}

/** Title, status, timings, tokens, where it runs, attempts and the actions. */
export function TaskHeader({ detail, onBack, onSwitchAttempt, onError }: TaskHeaderProps) {
  const { task } = detail;
  const active = isActive(task.status);
  const now = useNow(1000, active);
  const started = task.startedAt;
  const ref = task.baseRef ?? task.baseCommit?.slice(0, 10) ?? 'HEAD';
  const { ship, reload: reloadShip } = useShipState(detail);
  const mode = MODES[task.mode];
  const markers = [task.exportedAt ? { text: 'patch exported', behind: null } : null, branchMarker(task, ship), pushedMarker(task, ship)].filter((m) => m !== null);

  return (
    <header className="tv-header">
      <div className="tv-header-top">
        <button type="button" className="icon-btn" onClick={onBack} aria-label="Back to tasks" title="Back to tasks (Esc)">
          <Icon name="chevronRight" className="tv-back-icon" />
        </button>
        <div className="tv-heading">
          <h1 className="tv-title" title={task.prompt}>
            {task.title}
          </h1>
          <span className={`badge${mode.keepsChanges ? ' badge-accent' : ''}`} title={mode.description}>
            {mode.label}
          </span>
          <span className="tv-status" role="status">
            <StatusBadge status={task.status} text={statusText(task.status, task.phase)} />
          </span>
          {active && <CurrentStepText task={task} now={now} />}
        </div>
        <TaskActions detail={detail} ship={ship} onShipped={reloadShip} onError={onError} />
      </div>
      <div className="tv-header-second">
        <div className="tv-meta">
        <span className="tv-meta-repo" title={task.repoPath}>
          <Icon name="folder" size={13} /> {baseName(task.repoPath)} · <span className="mono">{ref}</span>
        </span>
        <span className="tv-meta-fixed">
          <Icon name="clock" size={13} />{' '}
          {started ? (
            <>
              Started <time dateTime={new Date(started).toISOString()}>{formatClock(started, now)}</time> · {formatDuration((task.finishedAt ?? now) - started)}
            </>
          ) : (
            <>Created {formatClock(task.createdAt, now)} · waiting to start</>
          )}
        </span>
        <span className="tv-meta-minor" title={`${task.inputTokens.toLocaleString()} input tokens, ${task.outputTokens.toLocaleString()} output tokens`}>
          Tokens {formatTokens(task.inputTokens)} in · {formatTokens(task.outputTokens)} out
        </span>
        {/* A branch or uncommitted review says what it reviews in its title; a task's result links to that task. */}
        {task.reviewTarget?.kind === 'task' && (
          <span>
            <Icon name="search" size={13} /> Reviews <ReviewTargetText target={task.reviewTarget} />
          </span>
        )}
        {mode.keepsChanges && <DiffCounts added={task.linesAdded} removed={task.linesRemoved} />}
        <span className="tv-meta-minor" title={`The agent that runs this task: ${AGENT_LABELS[task.agent]}${task.model ? `, model ${task.model}` : ''}`}>
          <Icon name="pulse" size={13} /> {AGENT_LABELS[task.agent]}
          {task.model && (
            <>
              {' '}
              · <span className="mono">{task.model}</span>
            </>
          )}
        </span>
        {task.checksFailed !== null && (
          <span className={task.checksFailed > 0 ? 'tv-checks tv-checks-bad' : 'tv-checks tv-checks-ok'} title="The latest turn's checks">
            <Icon name={task.checksFailed > 0 ? 'x' : 'check'} size={13} />{' '}
            {task.checksFailed > 0 ? `Checks failed: ${task.checksFailed} of ${task.checksFailed + (task.checksPassed ?? 0)}` : `Checks passed: ${task.checksPassed ?? 0}`}
          </span>
        )}
        {markers.length > 0 && (
          <span className="tv-markers" title={markers.map((m) => (m.behind ? `${m.text} · ${m.behind}` : m.text)).join(' · ')}>
            {markers.map((marker, i) => (
              <Fragment key={marker.text}>
                {i > 0 && ' · '}
                {marker.text}
                {marker.behind && <span className="tv-marker-behind"> · {marker.behind}</span>}
              </Fragment>
            ))}
          </span>
        )}
        </div>
        <AttemptSwitcher siblings={detail.siblings} currentId={task.id} onSwitch={onSwitchAttempt} />
      </div>
      {/* A turn's failure is told once, in the conversation; the header keeps errors that no turn tells. */}
      {task.error && !active && task.status !== 'cancelled' && !detail.turns.some((t) => t.error === task.error) && <p className="tv-task-error">{task.error}</p>}
    </header>
  );
}
