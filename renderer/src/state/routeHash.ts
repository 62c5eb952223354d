export type Route =
  | { name: 'home' }
  /** `tab` is the task view's tab, e.g. "diff"; absent for the view's own choice. */
  | { name: 'task'; taskId: string; tab?: string }
  | { name: 'environments'; environmentId?: string }
  | { name: 'settings' }
  | { name: 'doctor' };

const SAFE = /^[\w-]+$/;

/** "#/tasks/01j…/diff", "#/environments/new", "#/settings": one URL for every screen. */
export function hashOf(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'task':
      return `#/tasks/${encodeURIComponent(route.taskId)}${route.tab ? `/${route.tab}` : ''}`;
    case 'environments':
      return route.environmentId ? `#/environments/${encodeURIComponent(route.environmentId)}` : '#/environments';
    case 'settings':
      return '#/settings';
    case 'doctor':
      return '#/doctor';
  }
}

/** The route a hash names; anything unknown is home, as an old or mistyped link should still open the app. */
export function routeFromHash(hash: string): Route {
  const [screen, id, tab] = hash.replace(/^#\/?/, '').split('/').map(decoded);
  if (screen === 'tasks' && id && SAFE.test(id)) return tab && SAFE.test(tab) ? { name: 'task', taskId: id, tab } : { name: 'task', taskId: id };
  if (screen === 'environments') return id && SAFE.test(id) ? { name: 'environments', environmentId: id } : { name: 'environments' };
  if (screen === 'settings') return { name: 'settings' };
  if (screen === 'doctor') return { name: 'doctor' };
  return { name: 'home' };
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return '';
  }
}
