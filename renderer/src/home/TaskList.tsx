import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { TaskView } from '../../../shared/types';
import { openTask } from '../state/router';
import { isUnread, useSeenTasks } from '../state/seenTasks';
import { useTaskList } from '../state/taskListStore';
import { isEditable } from '../ui/keys';
import { useFocusRequest } from '../ui/useFocusRequest';
import { PlaceholderRow, TaskRow } from './TaskRow';
import { TaskListEmpty } from './TaskListEmpty';
import { groupAttempts, type ListRow } from './taskGroups';

const ROW_HEIGHT = 56;
/** Rows fetched ahead of the viewport, so fast scrolling rarely shows placeholders. */
const PREFETCH = 60;

/**
 * The task list: only the rows in view are in the DOM, and the scroll height is
 * the full count, so the scrollbar is honest while older pages load on demand.
 */
export function TaskList() {
  const tasks = useTaskList((state) => state.tasks);
  const total = useTaskList((state) => state.total);
  const status = useTaskList((state) => state.status);
  const selectedId = useTaskList((state) => state.selectedId);
  const search = useTaskList((state) => state.search);
  const checked = useTaskList((state) => state.checked);
  const seen = useSeenTasks();
  const rows = useMemo(() => groupAttempts(tasks), [tasks]);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusSelected = useRef(false);
  useFocusRequest('list', scrollRef);

  // Rows not loaded yet count as one each: a group's attempts fold in once they load.
  const count = rows.length + Math.max(0, total - tasks.length);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialOffset: () => useTaskList.getState().scrollOffset,
    getItemKey: (index) => (rows[index] ? (rows[index].attempts[0]?.id ?? rows[index].lead.id) : `placeholder-${index}`),
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (lastVisible + PREFETCH >= rows.length && tasks.length < total) void useTaskList.getState().ensureLoaded(tasks.length + (lastVisible + PREFETCH - rows.length));
  }, [lastVisible, rows.length, tasks.length, total]);

  const scrollTop = useRef(useTaskList.getState().scrollOffset);
  useEffect(() => () => useTaskList.getState().rememberScroll(scrollTop.current), []);

  // Another filter or search starts at the top.
  const query = useTaskList((state) => `${state.view}\n${state.search}\n${state.environmentId ?? ''}`);
  const shownQuery = useRef(query);
  useEffect(() => {
    if (query === shownQuery.current) return;
    shownQuery.current = query;
    virtualizer.scrollToOffset(0);
  }, [query, virtualizer]);

  const selectedIndex = selectedId ? rows.findIndex((row) => row.attempts.some((t) => t.id === selectedId)) : -1;

  // Keyboard selection moves the focus along once the selected row is drawn.
  useLayoutEffect(() => {
    if (!focusSelected.current || !selectedId) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(selectedId)}"]`);
    if (!element) return;
    focusSelected.current = false;
    element.focus({ preventScroll: true });
  });

  const moveSelection = useCallback(
    (delta: number) => {
      const list = useTaskList.getState();
      const shown = rowsRef.current;
      if (shown.length === 0) return;
      const current = list.selectedId ? shown.findIndex((row) => row.attempts.some((t) => t.id === list.selectedId)) : -1;
      const next = current === -1 ? 0 : Math.min(Math.max(current + delta, 0), shown.length - 1);
      const row = shown[next];
      if (!row) return;
      focusSelected.current = true;
      list.select(row.lead.id);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [virtualizer],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      if (event.key === 'j' || event.key === 'ArrowDown') moveSelection(1);
      else if (event.key === 'k' || event.key === 'ArrowUp') moveSelection(-1);
      else if (event.key === 'x') {
        const { selectedId: id, checked: ticked } = useTaskList.getState();
        const row = rowsRef.current.find((r) => r.attempts.some((t) => t.id === id));
        if (!row) return;
        useTaskList.getState().setChecked(row.attempts.map((t) => t.id), !ticked.has(row.lead.id));
      }
      else if (event.key === 'Enter' && (event.target === document.body || event.target === scrollRef.current)) {
        const { selectedId: id } = useTaskList.getState();
        if (!id) return;
        openTask(id);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [moveSelection]);

  const open = useCallback((task: TaskView) => {
    useTaskList.getState().select(task.id);
    openTask(task.id);
  }, []);
  const select = useCallback((task: TaskView) => useTaskList.getState().select(task.id), []);
  const check = useCallback((row: ListRow, on: boolean) => useTaskList.getState().setChecked(row.attempts.map((t) => t.id), on), []);

  if (count === 0) return <TaskListEmpty loading={status === 'loading' || status === 'idle'} />;

  return (
    <div ref={scrollRef} className="task-scroll" tabIndex={-1} onScroll={(event) => (scrollTop.current = event.currentTarget.scrollTop)}>
      <div role="list" aria-label="Tasks" aria-busy={status === 'loading' || undefined} className="task-list" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return <PlaceholderRow key={item.key} style={{ transform: `translateY(${item.start}px)`, height: item.size }} />;
          const selected = item.index === selectedIndex;
          return (
            <TaskRow
              key={item.key}
              row={row}
              unread={row.attempts.some((t) => isUnread(t, seen))}
              checked={checked.has(row.lead.id)}
              search={search}
              index={item.index}
              total={count}
              selected={selected}
              tabbable={selected || (selectedIndex === -1 && item.index === 0)}
              top={item.start}
              height={item.size}
              onOpen={open}
              onSelect={select}
              onCheck={check}
            />
          );
        })}
      </div>
    </div>
  );
}
