import { lazy, Suspense, useEffect, useState } from 'react';
import { MODES } from '../../../shared/modes';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { useTaskShortcuts } from '../shell/useTaskShortcuts';
import { useRouter } from '../state/router';
import { Spinner } from '../ui/Spinner';
import { ConversationTab } from './ConversationTab';
import { FindingsTab } from './FindingsTab';
import { FollowUpBox } from './FollowUpBox';
import { LogsTab } from './LogsTab';
import { PanelErrorBoundary } from './PanelErrorBoundary';
import { TaskSessionContext, useTaskSession, useTaskState } from './taskContext';
import { TaskHeader } from './TaskHeader';
import { type TabName, TaskSession } from './taskSession';
import { CompareTab } from './CompareTab';
import { opensFilesOnly, panelId, tabId, TaskTabs } from './TaskTabs';
import './task.css';

// Monaco loads with the Diff tab, not with the app.
const DiffTab = lazy(() => import('./DiffTab'));

export interface TaskViewProps {
  taskId: string;
  /** The tab the URL names, if any. */
  tab?: TabName;
  onBack: () => void;
}

/**
 * One task: header, actions and the Conversation, Findings (of a review), Logs, Diff (Files for Ask) and Compare tabs.
 * One live session per task shown: the app gives each task its own view, so switching attempts
 * puts the other attempt's URL in place (like a tab) instead of swapping the session here.
 */
export function TaskView({ taskId, tab, onBack }: TaskViewProps) {
  const [session] = useState(() => new TaskSession(taskId, tab ?? 'conversation'));
  useEffect(() => session.start(), [session]);
  useTaskShortcuts(session, taskId);
  // Attempts are one task seen another way, like its tabs: the URL follows, and Back still leaves the task.
  const switchAttempt = (id: string): void => useRouter.getState().replace({ name: 'task', taskId: id, tab: session.store.getState().tab });
  return (
    <TaskSessionContext.Provider value={session}>
      <TaskLayout onBack={onBack} onSwitchAttempt={switchAttempt} />
    </TaskSessionContext.Provider>
  );
}

function TaskLayout({ onBack, onSwitchAttempt }: { onBack: () => void; onSwitchAttempt: (id: string) => void }) {
  const session = useTaskSession();
  const detail = useTaskState((s) => s.detail);
  const loadError = useTaskState((s) => s.loadError);
  const liveError = useTaskState((s) => s.liveError);
  const [actionError, setActionError] = useState<string | null>(null);

  if (!detail) {
    return (
      <section className="tv tv-loading" aria-label="Task" aria-busy={!loadError}>
        {loadError ? (
          <Alert action={<Button size="sm" onClick={onBack}>Back to tasks</Button>}>{loadError}</Alert>
        ) : (
          <p className="tv-loading-text">
            <Spinner /> Loading the task…
          </p>
        )}
      </section>
    );
  }

  return (
    <section className="tv" aria-label={`Task ${detail.task.title}`}>
      <TaskHeader detail={detail} onBack={onBack} onSwitchAttempt={onSwitchAttempt} onError={setActionError} />
      {(actionError || liveError || loadError) && (
        <div className="tv-alerts">
          {actionError && (
            <Alert action={<Button size="sm" variant="ghost" onClick={() => setActionError(null)}>Dismiss</Button>}>{actionError}</Alert>
          )}
          {(liveError || loadError) && (
            <Alert kind="warning" action={<Button size="sm" variant="ghost" onClick={() => session.reload()}>Reload</Button>}>
              {liveError ?? loadError}
            </Alert>
          )}
        </div>
      )}
      <TabsAndPanel onSwitchAttempt={onSwitchAttempt} />
      <FollowUpBox task={detail.task} />
    </section>
  );
}

function TabsAndPanel({ onSwitchAttempt }: { onSwitchAttempt: (id: string) => void }) {
  const session = useTaskSession();
  const tab = useTaskState((s) => s.tab);
  const task = useTaskState((s) => s.detail?.task);
  const mode = task ? MODES[task.mode] : null;
  const diffBadge = task && mode?.keepsChanges && task.filesChanged > 0 ? String(task.filesChanged) : undefined;
  const findings = useTaskState((s) => s.findings);
  // The list is newer than the row while findings come in.
  const findingsOpen = findings ? findings.filter((f) => f.status === 'open').length : (task?.findingsOpen ?? 0);
  const findingsBadge = mode?.reviews && findingsOpen > 0 ? String(findingsOpen) : undefined;
  const filesOnly = mode ? opensFilesOnly(mode) : false;
  return (
    <>
      <TaskTabs
        tab={tab}
        onTab={(t) => session.setTab(t)}
        badges={{ diff: diffBadge, findings: findingsBadge, ...(task && task.attemptsTotal > 1 ? { compare: String(task.attemptsTotal) } : {}) }}
        offered={{ compare: (task?.attemptsTotal ?? 1) > 1, findings: mode?.reviews ?? false }}
        labels={filesOnly ? { diff: 'Files' } : {}}
      />
      <div className="tv-panel" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        {tab === 'conversation' && <ConversationTab />}
        {tab === 'findings' && <FindingsTab />}
        {tab === 'logs' && <LogsTab />}
        {tab === 'compare' && <CompareTab onOpenAttempt={onSwitchAttempt} />}
        {tab === 'diff' && (
          <PanelErrorBoundary what={filesOnly ? 'file viewer' : 'diff viewer'}>
            <Suspense
              fallback={
                <p className="tv-loading-text">
                  <Spinner /> Loading the {filesOnly ? 'file' : 'diff'} viewer…
                </p>
              }
            >
              <DiffTab />
            </Suspense>
          </PanelErrorBoundary>
        )}
      </div>
    </>
  );
}
