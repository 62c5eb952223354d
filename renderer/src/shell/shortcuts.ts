/** Every keyboard shortcut, as the help dialog lists them; handlers live with their views. */
export interface ShortcutGroup {
  title: string;
  items: Array<{ keys: string[]; what: string }>;
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: 'Anywhere',
    items: [
      { keys: ['C'], what: 'Write a new task' },
      { keys: ['/'], what: 'Search tasks' },
      { keys: ['G T'], what: 'Go to tasks' },
      { keys: ['G E'], what: 'Go to environments' },
      { keys: ['G S'], what: 'Go to settings' },
      { keys: ['Mod+1…9'], what: 'Open the first … ninth task of the list' },
      { keys: ['Esc'], what: 'Back, or leave the text field' },
      { keys: ['?'], what: 'Show these shortcuts' },
    ],
  },
  {
    title: 'Task list',
    items: [
      { keys: ['J', '↓'], what: 'Next task' },
      { keys: ['K', '↑'], what: 'Previous task' },
      { keys: ['Enter'], what: 'Open the selected task' },
      { keys: ['X'], what: 'Select the task for a bulk action' },
    ],
  },
  {
    title: 'Task',
    items: [
      { keys: ['J'], what: 'Next task in the list' },
      { keys: ['K'], what: 'Previous task in the list' },
      { keys: ['1'], what: 'Conversation tab' },
      { keys: ['2'], what: 'Logs tab' },
      { keys: ['3'], what: 'Diff tab (Files in Ask tasks)' },
      { keys: ['4'], what: 'Findings tab (reviews)' },
      { keys: ['5'], what: 'Compare tab (attempts)' },
      { keys: ['F'], what: 'Write a follow-up' },
      { keys: ['Shift+C'], what: 'Cancel the running task' },
      { keys: ['Shift+R'], what: 'Retry the last turn' },
    ],
  },
  {
    title: 'Composer',
    items: [
      { keys: ['Mod+Enter'], what: 'Start a Code task' },
      { keys: ['Mod+Shift+Enter'], what: 'Ask a question (read-only)' },
    ],
  },
  {
    title: 'Diff',
    items: [
      { keys: ['F7', 'Alt+↓'], what: 'Next change' },
      { keys: ['Shift+F7', 'Alt+↑'], what: 'Previous change' },
      { keys: ['Mod+Alt+M'], what: 'Comment on the selected lines' },
      { keys: ['Mod+Enter'], what: 'Save the comment' },
    ],
  },
];

export const TASK_TAB_KEYS = { '1': 'conversation', '2': 'logs', '3': 'diff', '4': 'findings', '5': 'compare' } as const;

export const GO_TO_SHORTCUTS = { t: 'home', e: 'environments', s: 'settings' } as const;
