import { create } from 'zustand';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
  /** One button on the toast, e.g. Undo; pressing it dismisses the toast. */
  action?: { label: string; run: () => void };
}

interface ToastState {
  toasts: Toast[];
  dismiss(id: number): void;
}

export const useToasts = create<ToastState>()((set) => ({
  toasts: [],
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
}));

let nextId = 1;

/** A short note in the corner that goes away by itself; errors stay longer. */
export function toast(text: string, kind: Toast['kind'] = 'success', action?: Toast['action']): void {
  const id = nextId++;
  useToasts.setState((state) => ({ toasts: [...state.toasts.slice(-3), { id, kind, text, ...(action ? { action } : {}) }] }));
  // A toast with an action stays long enough to reach it.
  setTimeout(() => useToasts.getState().dismiss(id), kind === 'error' || action ? 8000 : 3500);
}
