import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { TaskSession, TaskViewState } from './taskSession';

export const TaskSessionContext = createContext<TaskSession | null>(null);

export function useTaskSession(): TaskSession {
  const session = useContext(TaskSessionContext);
  if (!session) throw new Error('useTaskSession needs a TaskSessionContext provider (TaskView renders one)');
  return session;
}

export function useTaskState<T>(selector: (state: TaskViewState) => T): T {
  return useStore(useTaskSession().store, selector);
}
