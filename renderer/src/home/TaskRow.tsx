import { type CSSProperties, type KeyboardEvent, memo } from 'react';
import { AGENT_LABELS } from '../../../shared/agents';
import { MODES } from '../../../shared/modes';
import type { TaskView } from '../../../shared/types';
import { DiffCounts } from '../ui/DiffCounts';
import { baseName, formatAge, formatDuration } from '../ui/format';
import { Icon } from '../ui/Icon';
import { isActive, isFinal, statusText } from '../ui/status';
import { StatusIcon } from '../ui/StatusIcon';
import { useNow } from '../ui/useNow';

export interface TaskRowProps {
  task: TaskView;
  index: number;
  total: number;
  selected: boolean;
  tabbable: boolean;
  /** Where the row sits in the list, in px. */
  top: number;
  height: number;
  onOpen: (task: TaskView) => void;
  onSelect: (task: TaskView) => void;
}

function Timing({ task }: { task: TaskView }) {
  const running = task.startedAt !== null && task.finishedAt === null && isActive(task.status);
  const now = useNow(running ? 1000 : 30_000);
  if (running && task.startedAt !== null) return <span title="Running for">{formatDuration(now - task.startedAt)}</span>;
  const took = task.startedAt !== null && task.finishedAt !== null ? `took ${formatDuration(task.finishedAt - task.startedAt)}` : undefined;
  return <span title={took ? `${new Date(task.createdAt).toLocaleString()}, ${took}` : new Date(task.createdAt).toLocaleString()}>{formatAge(task.createdAt, now)}</span>;
}

function Markers({ task }: { task: TaskView }) {
  const open = task.findingsOpen;
  return (
    <>
      {MODES[task.mode].reviews && isFinal(task.status) && (
        <span className={`marker${open > 0 ? ' marker-warn' : ''}`} title={open > 0 ? `${open} finding(s) neither fixed nor dismissed` : 'No open findings'}>
          <Icon name="search" size={12} />
          {open > 0 ? `${open} finding${open === 1 ? '' : 's'}` : 'no open findings'}
        </span>
      )}
      {task.checksFailed !== null && task.checksFailed > 0 && (
        <span className="marker marker-bad" title={`${task.checksFailed} check(s) failed, ${task.checksPassed ?? 0} passed on the latest turn`}>
          <Icon name="x" size={12} />
          checks failed
        </span>
      )}
      {task.checksFailed === 0 && task.checksPassed !== null && (
        <span className="marker marker-ok" title={`All ${task.checksPassed} check(s) passed on the latest turn`}>
          <Icon name="check" size={12} />
          checks
        </span>
      )}
      {task.exportedAt !== null && (
        <span className="marker" title={`Patch exported ${new Date(task.exportedAt).toLocaleString()}`}>
          <Icon name="download" size={12} />
          patch
        </span>
      )}
      {task.branchName && (
        <span className="marker" title={`Branch ${task.branchName} created`}>
          <Icon name="branch" size={12} />
          branch
        </span>
      )}
      {task.pushedTo && (
        <span className="marker" title={`Pushed to ${task.pushedTo}`}>
          <Icon name="upload" size={12} />
          pushed
        </span>
      )}
      {task.archived && (
        <span className="marker" title="Archived">
          <Icon name="archive" size={12} />
          archived
        </span>
      )}
    </>
  );
}

/**
 * One task in the list: status, title, where it runs, timing, its diff size and what was done with it.
 * Memoized: a live update of one task redraws that row only.
 */
export const TaskRow = memo(function TaskRow({ task, index, total, selected, tabbable, top, height, onOpen, onSelect }: TaskRowProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(task);
    }
  };
  const status = statusText(task.status, task.phase);
  return (
    <div
      role="listitem"
      aria-label={task.title}
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-current={selected ? 'true' : undefined}
      data-task-id={task.id}
      tabIndex={tabbable ? 0 : -1}
      data-status={task.status}
      className={`task-row${selected ? ' is-selected' : ''}${task.archived ? ' is-archived' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onOpen(task)}
      onFocus={() => onSelect(task)}
      onKeyDown={onKeyDown}
    >
      <span className="task-status" title={task.error ? `${status}: ${task.error}` : status}>
        <StatusIcon status={task.status} />
      </span>
      <div className="task-main">
        <div className="task-title">
          <span className="task-title-text">{task.title}</span>
          {!MODES[task.mode].keepsChanges && (
            <span className="mode-badge" title={MODES[task.mode].description}>
              {MODES[task.mode].label}
            </span>
          )}
          {task.agent !== 'built-in' && (
            <span className="mode-badge agent-badge" title={`Run by ${AGENT_LABELS[task.agent]}`}>
              {AGENT_LABELS[task.agent]}
            </span>
          )}
        </div>
        <div className="task-meta">
          <span className={`task-state state-${task.status}`}>{status}</span>
          <span className="sep" aria-hidden="true">·</span>
          <span className="task-where" title={task.repoPath}>
            {baseName(task.repoPath)} · {task.baseRef ?? 'HEAD'}
          </span>
          {task.status === 'failed' && task.error && (
            <>
              <span className="sep" aria-hidden="true">·</span>
              <span className="task-error">{task.error}</span>
            </>
          )}
        </div>
      </div>
      <div className="task-side">
        <div className="task-side-top">
          <DiffCounts added={task.linesAdded} removed={task.linesRemoved} />
          {task.attemptsTotal > 1 && (
            <span className="attempt-badge" title={`Attempt ${task.attempt} of ${task.attemptsTotal}`}>
              {task.attempt}/{task.attemptsTotal}
            </span>
          )}
        </div>
        <div className="task-side-bottom">
          <Markers task={task} />
          <Timing task={task} />
        </div>
      </div>
    </div>
  );
});

export function PlaceholderRow({ style }: { style: CSSProperties }) {
  return (
    <div className="task-row placeholder" style={style} aria-hidden="true">
      <span className="task-status" />
      <div className="task-main">
        <div className="skeleton skeleton-title" />
        <div className="skeleton skeleton-meta" />
      </div>
    </div>
  );
}
