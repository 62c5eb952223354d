import { create } from 'zustand';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
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
export function toast(text: string, kind: Toast['kind'] = 'success'): void {
  const id = nextId++;
  useToasts.setState((state) => ({ toasts: [...state.toasts.slice(-3), { id, kind, text }] }));
  setTimeout(() => useToasts.getState().dismiss(id), kind === 'error' ? 8000 : 3500);
}
