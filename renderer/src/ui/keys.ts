/** Platform-aware shortcut labels and key-event tests shared by every view. */

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** "Mod+Enter" → "⌘↩" on macOS, "Ctrl+Enter" elsewhere. */
export function shortcutLabel(shortcut: string): string {
  if (!isMac) return shortcut.replace(/\bMod\b/g, 'Ctrl');
  return shortcut
    .replace(/\bMod\+/g, '⌘')
    .replace(/\bShift\+/g, '⇧')
    .replace(/\bAlt\+/g, '⌥')
    .replace(/\bEnter\b/g, '↩');
}

/** Ctrl on Linux and Windows, Cmd on macOS. */
export function hasMod(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey'>): boolean {
  return isMac ? event.metaKey : event.ctrlKey;
}

/** Whether typing in this element should keep single-letter shortcuts away. */
export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Monaco takes input through an EditContext element that is neither an input nor contenteditable.
  if (target.isContentEditable || target.getAttribute('role') === 'textbox' || target.closest('.monaco-editor')) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
}

/** Adds the shortcut to a tooltip: "Code (Ctrl+Enter)". */
export function withShortcut(label: string, shortcut: string | undefined): string {
  return shortcut ? `${label} (${shortcutLabel(shortcut)})` : label;
}
