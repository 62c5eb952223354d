import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { DoctorPanel } from './doctor/DoctorPanel';
import { EnvironmentsPage } from './environments/EnvironmentsPage';
import { HomePage } from './home/HomePage';
import { SettingsPage } from './settings/SettingsPage';
import { ShortcutHelp } from './shell/ShortcutHelp';
import { Sidebar } from './shell/Sidebar';
import { useFirstRun } from './shell/useFirstRun';
import { useGlobalShortcuts } from './shell/useGlobalShortcuts';
import { isTabName } from './shell/useTaskShortcuts';
import { keepSystemCheckFresh } from './state/doctorFreshness';
import { useEnvironments } from './state/environmentsStore';
import { startLiveUpdates } from './state/liveUpdates';
import { useRouter } from './state/router';
import { useSettings } from './state/settingsStore';
import { useTaskList } from './state/taskListStore';
import { Spinner } from './ui/Spinner';
import { Toaster } from './ui/Toaster';

// The task view (markdown, logs, diffs) loads after the list, so the list opens sooner;
// it is fetched in the background right after, so opening a task does not wait either.
const loadTaskView = () => import('./task/TaskView');
const TaskView = lazy(() => loadTaskView().then((module) => ({ default: module.TaskView })));
const PRELOAD_AFTER_MS = 1000;

function Loading() {
  return (
    <div className="screen-loading" role="status">
      <Spinner /> Loading…
    </div>
  );
}

function Screen() {
  const route = useRouter((state) => state.route);
  const back = useRouter((state) => state.back);
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'task':
      return (
        <Suspense fallback={<Loading />}>
          <TaskView key={route.taskId} taskId={route.taskId} {...(isTabName(route.tab) ? { tab: route.tab } : {})} onBack={back} />
        </Suspense>
      );
    case 'environments':
      return <EnvironmentsPage environmentId={route.environmentId} />;
    case 'settings':
      return <SettingsPage />;
    case 'doctor':
      return <DoctorPanel />;
  }
}

export function App() {
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useFirstRun();
  useGlobalShortcuts(openHelp);
  useEffect(() => startLiveUpdates(), []);
  useEffect(() => keepSystemCheckFresh(), []);
  useEffect(() => {
    const timer = setTimeout(() => void loadTaskView(), PRELOAD_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    void useSettings.getState().load();
    void useEnvironments.getState().load();
    void useTaskList.getState().reload();
  }, []);

  return (
    <div className="app">
      <Sidebar onHelp={openHelp} />
      <main className="main">
        <Screen />
      </main>
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      <Toaster />
    </div>
  );
}
