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
import { AttemptChips } from './AttemptChips';
import { Highlight } from './Highlight';
import { groupStatus, type ListRow } from './taskGroups';

export interface TaskRowProps {
  row: ListRow;
  /** Finished since the user last opened it. */
  unread: boolean;
  /** Marked for a bulk action. */
  checked: boolean;
  search: string;
  index: number;
  total: number;
  selected: boolean;
  tabbable: boolean;
  /** Where the row sits in the list, in px. */
  top: number;
  height: number;
  onOpen: (task: TaskView) => void;
  onSelect: (task: TaskView) => void;
  onCheck: (row: ListRow, checked: boolean) => void;
}

/** Work time counts the turns only, not the idle time between them. */
function Timing({ task }: { task: TaskView }) {
  const running = task.turnStartedAt !== null && isActive(task.status);
  const now = useNow(running ? 1000 : 30_000);
  const created = new Date(task.createdAt).toLocaleString();
  if (running && task.turnStartedAt !== null) {
    const tokens = task.inputTokens + task.outputTokens;
    return (
      <>
        {tokens > 0 && (
          <span className="task-tokens" title={`${task.inputTokens.toLocaleString()} tokens in, ${task.outputTokens.toLocaleString()} out`}>
            {formatTokens(tokens)} tokens
          </span>
        )}
        <span className="task-time" title={`Working for, idle time between turns left out (created ${created})`}>
          {formatDuration(task.workMs + now - task.turnStartedAt)}
        </span>
      </>
    );
  }
  return (
    <>
      {isFinal(task.status) && task.workMs > 0 && (
        <span className="task-time" title="Time the agent worked, idle time between turns left out">
          {formatDuration(task.workMs)}
        </span>
      )}
      <span title={`Created ${created}${task.finishedAt ? `, finished ${new Date(task.finishedAt).toLocaleString()}` : ''}`}>{formatAge(task.createdAt, now)}</span>
    </>
  );
}

function formatTokens(count: number): string {
  return count < 1000 ? String(count) : `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k`;
}

/** "running `pytest -q` · 12s": what a running turn is doing and for how long. */
function Activity({ activity }: { activity: NonNullable<TaskView['activity']> }) {
  const now = useNow(1000);
  return (
    <span className="task-activity" title={`Since ${new Date(activity.since).toLocaleTimeString()}`}>
      {activity.text} · {formatDuration(now - activity.since)}
    </span>
  );
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
export const TaskRow = memo(function TaskRow({ row, unread, checked, search, index, total, selected, tabbable, top, height, onOpen, onSelect, onCheck }: TaskRowProps) {
  const task = row.lead;
  const grouped = row.attempts.length > 1;
  const shownStatus = grouped ? groupStatus(row) : task.status;
  const running = row.attempts.find((attempt) => attempt.status === 'running' && attempt.activity !== null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(task);
    }
  };
  const status = grouped && shownStatus !== task.status ? statusText(shownStatus, null) : statusText(task.status, task.phase);
  return (
    <div
      role="listitem"
      aria-label={task.title}
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-current={selected ? 'true' : undefined}
      data-task-id={task.id}
      tabIndex={tabbable ? 0 : -1}
      data-status={shownStatus}
      data-group-id={grouped ? (task.groupId ?? undefined) : undefined}
      className={`task-row${selected ? ' is-selected' : ''}${task.archived ? ' is-archived' : ''}${checked ? ' is-checked' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onOpen(task)}
      onFocus={() => onSelect(task)}
      onKeyDown={onKeyDown}
    >
      <label className="task-check" title="Select for a bulk action (x)" onClick={(event) => event.stopPropagation()}>
        <input type="checkbox" aria-label={`Select ${task.title}`} checked={checked} tabIndex={-1} onChange={(event) => onCheck(row, event.target.checked)} />
      </label>
      <span className="task-status" title={task.error ? `${status}: ${task.error}` : status}>
        <StatusIcon status={shownStatus} />
        {unread && <span className="unread-dot" role="img" aria-label="Finished since you last looked" title="Finished since you last looked" />}
      </span>
      <div className="task-main">
        <div className="task-title">
          <span className="task-title-text">
            <Highlight text={task.title} query={search} />
          </span>
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
          {running?.activity ? <Activity activity={running.activity} /> : <span className={`task-state state-${shownStatus}`}>{status}</span>}
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
          {grouped ? (
            <AttemptChips attempts={row.attempts} lead={task} onOpen={onOpen} />
          ) : (
            task.attemptsTotal > 1 && (
              <span className="attempt-badge" title={`Attempt ${task.attempt} of ${task.attemptsTotal}`}>
                {task.attempt}/{task.attemptsTotal}
              </span>
            )
          )}
        </div>
        <div className="task-side-bottom">
          <Markers task={task} />
          <Timing task={running ?? task} />
        </div>
      </div>
    </div>
  );
}, sameRow);

function sameRow(before: TaskRowProps, after: TaskRowProps): boolean {
  const keys = Object.keys(after) as Array<keyof TaskRowProps>;
  for (const key of keys) {
    if (key === 'row') continue;
    if (before[key] !== after[key]) return false;
  }
  const a = before.row.attempts;
  const b = after.row.attempts;
  return before.row.lead === after.row.lead && a.length === b.length && a.every((task, i) => task === b[i]);
}

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
