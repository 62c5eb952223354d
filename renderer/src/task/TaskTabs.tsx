import { type KeyboardEvent, useRef } from 'react';
import type { ModeDescriptor } from '../../../shared/modes';
import type { TabName } from './taskSession';

const TABS: Array<{ name: TabName; label: string }> = [
  { name: 'conversation', label: 'Conversation' },
  { name: 'findings', label: 'Findings' },
  { name: 'logs', label: 'Logs' },
  { name: 'diff', label: 'Diff' },
  { name: 'compare', label: 'Compare' },
];

/** A task that changes no files and reviews no change (Ask) has no diff: its Diff tab only opens the files its answer cites. */
export function opensFilesOnly(mode: ModeDescriptor): boolean {
  return !mode.keepsChanges && !mode.reviews;
}

export function tabId(name: TabName): string {
  return `tv-tab-${name}`;
}

export function panelId(name: TabName): string {
  return `tv-panel-${name}`;
}

/** The tab strip: arrows move between tabs, as the ARIA tabs pattern asks. */
export function TaskTabs({ tab, onTab, badges, offered, labels }: { tab: TabName; onTab: (tab: TabName) => void; badges: Partial<Record<TabName, string>>; offered: Record<'compare' | 'findings', boolean>; labels: Partial<Record<TabName, string>> }) {
  const list = useRef<HTMLDivElement>(null);
  // Compare is offered only for the attempts of a best-of-N launch, Findings only for reviews.
  const tabs = TABS.filter((t) => (t.name !== 'compare' && t.name !== 'findings') || offered[t.name]);
  const onKey = (e: KeyboardEvent): void => {
    const at = tabs.findIndex((t) => t.name === tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const target = e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[tabs.length - 1] : step ? tabs[(at + step + tabs.length) % tabs.length] : undefined;
    if (!target) return;
    e.preventDefault();
    onTab(target.name);
    list.current?.querySelector<HTMLElement>(`#${tabId(target.name)}`)?.focus();
  };
  return (
    <div ref={list} className="tv-tabs" role="tablist" aria-label="Task views" onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.name}
          id={tabId(t.name)}
          type="button"
          role="tab"
          aria-selected={t.name === tab}
          aria-controls={panelId(t.name)}
          tabIndex={t.name === tab ? 0 : -1}
          className="tv-tab"
          onClick={() => onTab(t.name)}
        >
          {labels[t.name] ?? t.label}
          {badges[t.name] && <span className="tv-tab-badge">{badges[t.name]}</span>}
        </button>
      ))}
    </div>
  );
}
