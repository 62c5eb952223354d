import { useEffect } from 'react';
import { useFocusRequests } from '../state/focusRequests';
import { navigate, openTask, useRouter } from '../state/router';
import { useTaskList } from '../state/taskListStore';
import { hasMod, isEditable } from '../ui/keys';
import { groupAttempts } from '../home/taskGroups';
import { GO_TO_SHORTCUTS } from './shortcuts';

const SEQUENCE_MS = 1200;

function goHomeAndFocus(target: 'composer' | 'search'): void {
  navigate({ name: 'home' });
  // The home screen may mount this frame; ask once it has.
  requestAnimationFrame(() => useFocusRequests.getState().request(target));
}

/** App-wide keys: see shortcuts.ts. Keys typed into text fields are left alone, except Esc. */
export function useGlobalShortcuts(onHelp: () => void): void {
  useEffect(() => {
    let pendingG = 0;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      if (document.querySelector('dialog[open]')) return;
      const editable = isEditable(event.target);

      if (event.key === 'Escape') {
        if (editable && event.target instanceof HTMLElement) event.target.blur();
        else if (useRouter.getState().route.name !== 'home') useRouter.getState().back();
        else return;
        event.preventDefault();
        return;
      }
      if (hasMod(event) && !event.shiftKey && !event.altKey && /^[1-9]$/.test(event.key)) {
        const row = groupAttempts(useTaskList.getState().tasks)[Number(event.key) - 1];
        if (row) openTask(row.lead.id);
        event.preventDefault();
        return;
      }
      if (editable || event.ctrlKey || event.metaKey || event.altKey) return;

      const key = event.key.toLowerCase();
      if (Date.now() - pendingG < SEQUENCE_MS && key in GO_TO_SHORTCUTS) {
        pendingG = 0;
        navigate({ name: GO_TO_SHORTCUTS[key as keyof typeof GO_TO_SHORTCUTS] });
        event.preventDefault();
        return;
      }
      pendingG = key === 'g' ? Date.now() : 0;
      if (event.key === '?') onHelp();
      else if (event.key === 'c') goHomeAndFocus('composer');
      else if (event.key === '/') goHomeAndFocus('search');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onHelp]);
}
