import { useEnvironments } from '../state/environmentsStore';
import { useFocusRequests } from '../state/focusRequests';
import { useTaskList } from '../state/taskListStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { Kbd } from '../ui/Kbd';
import { Spinner } from '../ui/Spinner';

/** What the list says when it has nothing to show, and what to do about it. */
export function TaskListEmpty({ loading }: { loading: boolean }) {
  const view = useTaskList((state) => state.view);
  const search = useTaskList((state) => state.search);
  const error = useTaskList((state) => state.error);
  const status = useTaskList((state) => state.status);
  const hasEnvironment = useEnvironments((state) => state.environments.length > 0);

  if (status === 'failed' && error) {
    return (
      <div className="task-empty">
        <Alert action={<Button size="sm" onClick={() => void useTaskList.getState().reload()}>Try again</Button>}>The task list could not load: {error}</Alert>
      </div>
    );
  }
  if (loading) {
    return (
      <div className="task-empty task-loading" role="status">
        <Spinner /> Loading tasks…
      </div>
    );
  }
  if (search.trim()) {
    return (
      <div className="task-empty">
        <EmptyState
          icon="search"
          title={`No tasks match “${search.trim()}”`}
          action={<Button onClick={() => useTaskList.getState().setSearch('')}>Clear search</Button>}
        >
          The search looks at titles and prompts{view === 'all' ? '' : ` of ${view} tasks`}.
        </EmptyState>
      </div>
    );
  }
  if (view === 'active') {
    return (
      <div className="task-empty">
        <EmptyState icon="clock" title="Nothing is running">
          Tasks you start show up here while they are queued or running.
        </EmptyState>
      </div>
    );
  }
  if (view === 'done') {
    return (
      <div className="task-empty">
        <EmptyState icon="check" title="No finished tasks yet">
          Finished, failed and cancelled tasks collect here for review.
        </EmptyState>
      </div>
    );
  }
  if (view === 'archived') {
    return (
      <div className="task-empty">
        <EmptyState icon="archive" title="The archive is empty">
          Archive a task from its page to put it away; it stays here and in search.
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="task-empty">
      {hasEnvironment ? (
        <EmptyState
          icon="tasks"
          title="No tasks yet"
          action={<Button onClick={() => useFocusRequests.getState().request('composer')}>Write a task</Button>}
        >
          Describe a change above and press <Kbd keys="Mod+Enter" /> to start a Code task, or choose Ask for a read-only answer. Each task runs in its own sandbox, so start as many as you like.
        </EmptyState>
      ) : (
        <EmptyState icon="box" title="No tasks yet">
          First create an environment (the git repository the agent works on) with the button above, then describe a task.
        </EmptyState>
      )}
    </div>
  );
}
