import { create } from 'zustand';

export type Route =
  | { name: 'home' }
  | { name: 'task'; taskId: string }
  | { name: 'environments'; environmentId?: string }
  | { name: 'settings' }
  | { name: 'doctor' };

/** environmentId for the "new environment" form. */
export const NEW_ENVIRONMENT = 'new';

interface RouterState {
  route: Route;
  history: Route[];
  navigate(route: Route): void;
  /** Changes the route without adding a step to go back to (e.g. picking an item on the same screen). */
  replace(route: Route): void;
  /** Back to where the user came from; home when there is nowhere. */
  back(): void;
}

function sameRoute(a: Route, b: Route): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Which screen is shown; plain state, since the app has no meaningful URLs. */
export const useRouter = create<RouterState>()((set) => ({
  route: { name: 'home' },
  history: [],
  navigate: (route) =>
    set((state) => (sameRoute(state.route, route) ? state : { route, history: [...state.history.slice(-49), state.route] })),
  replace: (route) => set({ route }),
  back: () =>
    set((state) => {
      const previous = state.history.at(-1);
      return previous ? { route: previous, history: state.history.slice(0, -1) } : { route: { name: 'home' }, history: [] };
    }),
}));

export function navigate(route: Route): void {
  useRouter.getState().navigate(route);
}

export function openTask(taskId: string): void {
  navigate({ name: 'task', taskId });
}
