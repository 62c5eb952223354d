import { useEffect, useRef, useState } from 'react';
import { useEnvironments } from '../state/environmentsStore';
import { useTaskList } from '../state/taskListStore';
import type { TaskListView } from '../state/taskOrder';
import { Icon } from '../ui/Icon';
import { useFocusRequest } from '../ui/useFocusRequest';
import { useSettled } from '../ui/useSettled';
import { Spinner } from '../ui/Spinner';

const VIEWS: Array<{ view: TaskListView; label: string; tip: string }> = [
  { view: 'all', label: 'All', tip: 'Every task not archived' },
  { view: 'active', label: 'Active', tip: 'Queued and running tasks' },
  { view: 'done', label: 'Done', tip: 'Finished, failed and cancelled tasks' },
  { view: 'failed', label: 'Failed', tip: 'Tasks that failed' },
  { view: 'archived', label: 'Archived', tip: 'Tasks put away with Archive' },
];

const SEARCH_DELAY_MS = 150;

/** Which tasks the list shows: a view and a search over titles and prompts. */
export function TaskFilters() {
  const view = useTaskList((state) => state.view);
  const search = useTaskList((state) => state.search);
  const total = useTaskList((state) => state.total);
  const status = useTaskList((state) => state.status);
  const environmentId = useTaskList((state) => state.environmentId);
  const environments = useEnvironments((state) => state.environments);
  const [text, setText] = useState(search);
  const input = useRef<HTMLInputElement>(null);
  useFocusRequest('search', input);

  useEffect(() => setText(search), [search]);
  const settledText = useSettled(text, SEARCH_DELAY_MS);
  useEffect(() => useTaskList.getState().setSearch(settledText), [settledText]);

  return (
    <div className="task-filters">
      <div className="segmented" role="group" aria-label="Show">
        {VIEWS.map((v) => (
          <button
            key={v.view}
            type="button"
            className={view === v.view ? 'is-on' : ''}
            aria-pressed={view === v.view}
            title={v.tip}
            onClick={() => useTaskList.getState().setView(v.view)}
          >
            {v.label}
          </button>
        ))}
      </div>
      {environments.length > 1 && (
        <label className="picker" title="Show the tasks of one environment">
          <select aria-label="Environment filter" value={environmentId ?? ''} onChange={(event) => useTaskList.getState().setEnvironment(event.target.value || null)}>
            <option value="">All environments</option>
            {environments.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="search">
        <Icon name="search" />
        <input
          ref={input}
          type="search"
          aria-label="Search tasks"
          placeholder="Search tasks"
          title="Search tasks (/)"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && text) {
              event.preventDefault();
              setText('');
            } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
              event.preventDefault();
              useTaskList.getState().setSearch(text);
              event.currentTarget.blur();
            }
          }}
        />
        <kbd className="kbd kbd-quiet" aria-hidden="true">
          /
        </kbd>
      </label>
      <span className="task-count" aria-live="polite">
        {status === 'loading' ? <Spinner size={12} /> : null}
        {total.toLocaleString()} {total === 1 ? 'task' : 'tasks'}
      </span>
    </div>
  );
}
