import { create } from 'zustand';
import { routeFromHash, hashOf, type Route } from './routeHash';
import { useSeenTasks } from './seenTasks';

export type { Route };

/** environmentId for the "new environment" form. */
export const NEW_ENVIRONMENT = 'new';

interface RouterState {
  route: Route;
  /** The in-app steps Back can return to; the browser's history holds the same steps as URLs. */
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

// Opening a task, and leaving it, counts as having seen how it ended.
function noteSeen(route: Route): void {
  if (route.name === 'task') useSeenTasks.getState().markSeen(route.taskId);
}

/** Which screen is shown, mirrored in the URL's hash so reload and the browser's Back keep the place. */
export const useRouter = create<RouterState>()((set, get) => ({
  route: routeFromHash(window.location.hash),
  history: [],
  navigate: (route) => {
    const { route: current, history } = get();
    if (sameRoute(current, route)) return;
    noteSeen(current);
    noteSeen(route);
    window.history.pushState(null, '', hashOf(route));
    set({ route, history: [...history.slice(-49), current] });
  },
  replace: (route) => {
    if (sameRoute(get().route, route)) return;
    window.history.replaceState(null, '', hashOf(route));
    set({ route });
  },
  back: () => {
    noteSeen(get().route);
    // A step the app pushed goes back through the browser, so its history stays in line.
    if (get().history.length > 0) window.history.back();
    else {
      window.history.replaceState(null, '', hashOf({ name: 'home' }));
      set({ route: { name: 'home' }, history: [] });
    }
  },
}));

// The browser's Back and Forward, and links or typed URLs, move the app too.
function followLocation(): void {
  const route = routeFromHash(window.location.hash);
  const { route: current, history } = useRouter.getState();
  if (sameRoute(route, current)) return;
  noteSeen(current);
  const previous = history.at(-1);
  useRouter.setState(previous && sameRoute(previous, route) ? { route, history: history.slice(0, -1) } : { route, history: [...history.slice(-49), current] });
}
// The first screen gets its URL too, so Back to it lands on a named place.
window.history.replaceState(null, '', hashOf(useRouter.getState().route));
window.addEventListener('popstate', followLocation);
window.addEventListener('hashchange', followLocation);

export function navigate(route: Route): void {
  useRouter.getState().navigate(route);
}

export function openTask(taskId: string): void {
  navigate({ name: 'task', taskId });
}
