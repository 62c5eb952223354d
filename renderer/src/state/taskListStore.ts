import { create } from 'zustand';
import type { TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { errorMessage } from '../ui/errorMessage';
import { mergeTasks, type TaskListFilter, type TaskListView } from './taskOrder';

const FIRST_PAGE = 100;
const MAX_PAGE = 500;

interface TaskListState {
  view: TaskListView;
  search: string;
  environmentId: string | null;
  /** Tasks ticked for a bulk action. */
  checked: ReadonlySet<string>;
  /** The loaded rows, newest first; rows past these are fetched on demand. */
  tasks: TaskView[];
  /** How many tasks match in all. */
  total: number;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
  loadingMore: boolean;
  selectedId: string | null;
  /** Where the list was scrolled, restored when the home screen comes back. */
  scrollOffset: number;
  setView(view: TaskListView): void;
  setSearch(search: string): void;
  setEnvironment(environmentId: string | null): void;
  setChecked(ids: readonly string[], checked: boolean): void;
  clearChecked(): void;
  /** Fetches the first page again; `refresh` keeps as many rows as are loaded (up to a page), for coming back to the list. */
  reload(refresh?: boolean): Promise<void>;
  /** Loads pages until row `index` exists (or the list ends). */
  ensureLoaded(index: number): Promise<void>;
  /** Live rows from task.updated. */
  applyUpdates(tasks: readonly TaskView[]): void;
  /** Rows the composer just created; a live update that came first wins. */
  addCreated(tasks: readonly TaskView[]): void;
  select(id: string | null): void;
  rememberScroll(offset: number): void;
}

function merge(changed: readonly TaskView[], replace: boolean): void {
  if (changed.length === 0) return;
  useTaskList.setState((state) => {
    const complete = state.status === 'ready' && state.tasks.length >= state.total;
    const merged = mergeTasks(state.tasks, changed, { view: state.view, search: state.search, environmentId: state.environmentId, complete }, replace);
    return { tasks: merged.tasks, total: state.total + merged.added };
  });
}

function queryOf({ view, search, environmentId }: TaskListFilter): { view: TaskListView; search?: string; environmentId?: string } {
  return { view, ...(search.trim() ? { search: search.trim() } : {}), ...(environmentId ? { environmentId } : {}) };
}

// Answers to a superseded query (the filter changed meanwhile) are dropped.
let generation = 0;
let wantedIndex = -1;

export const useTaskList = create<TaskListState>()((set, get) => ({
  view: 'all',
  search: '',
  environmentId: null,
  checked: new Set(),
  tasks: [],
  total: 0,
  status: 'idle',
  error: null,
  loadingMore: false,
  selectedId: null,
  scrollOffset: 0,

  setView: (view) => {
    if (view === get().view) return;
    set({ view, scrollOffset: 0 });
    void get().reload();
  },
  setSearch: (search) => {
    if (search === get().search) return;
    set({ search, scrollOffset: 0 });
    void get().reload();
  },
  setEnvironment: (environmentId) => {
    if (environmentId === get().environmentId) return;
    set({ environmentId, scrollOffset: 0 });
    void get().reload();
  },
  setChecked: (ids, checked) =>
    set((state) => {
      const next = new Set(state.checked);
      for (const id of ids) {
        if (checked) next.add(id);
        else next.delete(id);
      }
      return { checked: next };
    }),
  clearChecked: () => set({ checked: new Set() }),

  reload: async (refresh = false) => {
    const mine = ++generation;
    wantedIndex = -1;
    const { tasks } = get();
    set({ status: 'loading', loadingMore: false });
    const limit = refresh ? Math.min(MAX_PAGE, Math.max(FIRST_PAGE, tasks.length)) : FIRST_PAGE;
    try {
      const page = await bridge.call('tasks.list', { ...queryOf(get()), limit });
      if (mine !== generation) return;
      set({ tasks: page.tasks, total: page.total, status: 'ready', error: null });
    } catch (error) {
      if (mine !== generation) return;
      set({ status: 'failed', error: errorMessage(error) });
    }
  },

  ensureLoaded: async (index) => {
    wantedIndex = Math.max(wantedIndex, index);
    const state = get();
    if (state.loadingMore || state.status !== 'ready') return;
    const last = state.tasks.at(-1);
    if (!last || state.tasks.length >= state.total || wantedIndex < state.tasks.length) return;
    const mine = generation;
    const limit = Math.min(MAX_PAGE, Math.max(FIRST_PAGE, wantedIndex - state.tasks.length + 50));
    set({ loadingMore: true });
    try {
      const page = await bridge.call('tasks.list', { ...queryOf(state), limit, before: { createdAt: last.createdAt, id: last.id } });
      if (mine !== generation) return;
      set((current) => {
        const known = new Set(current.tasks.map((t) => t.id));
        const older = page.tasks.filter((t) => !known.has(t.id));
        const tasks = [...current.tasks, ...older];
        // An empty page means the count moved under us; trust what we have.
        return { tasks, total: older.length === 0 ? tasks.length : Math.max(tasks.length, current.total), loadingMore: false };
      });
    } catch (error) {
      if (mine !== generation) return;
      set({ loadingMore: false, error: errorMessage(error) });
      return;
    }
    if (wantedIndex >= get().tasks.length) await get().ensureLoaded(wantedIndex);
  },

  applyUpdates: (changed) => merge(changed, true),
  addCreated: (created) => merge(created, false),

  select: (selectedId) => set({ selectedId }),
  rememberScroll: (scrollOffset) => set({ scrollOffset }),
}));
