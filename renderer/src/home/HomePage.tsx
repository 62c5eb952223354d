import { useEffect } from 'react';
import { useDoctor } from '../state/doctorStore';
import { navigate } from '../state/router';
import { useTaskList } from '../state/taskListStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { BulkActions } from './BulkActions';
import { Composer } from './Composer';
import { TaskFilters } from './TaskFilters';
import { TaskList } from './TaskList';
import './home.css';

function SystemBanner() {
  const report = useDoctor((state) => state.report);
  if (!report || report.ok) return null;
  const failing = report.checks.filter((c) => !c.ok).map((c) => c.label.toLowerCase());
  return (
    <Alert kind="warning" className="home-banner" action={<Button size="sm" onClick={() => navigate({ name: 'doctor' })}>Open system check</Button>}>
      Tasks cannot run yet: the system check found a problem with {failing.join(', ')}.
    </Alert>
  );
}

/** The composer above the task list. */
export function HomePage() {
  // Coming back from a task: what was done there (archive, export, branch, push) sends no live update.
  useEffect(() => {
    const list = useTaskList.getState();
    if (list.status === 'ready') void list.reload(true);
  }, []);
  return (
    <div className="home">
      <div className="home-top">
        <div className="home-column">
          <SystemBanner />
          <Composer />
          <TaskFilters />
          <BulkActions />
        </div>
      </div>
      <TaskList />
    </div>
  );
}
