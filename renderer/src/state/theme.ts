import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type EffectiveTheme = 'light' | 'dark';

const STORAGE_KEY = 'codebay.theme';
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

function effectiveOf(choice: ThemeChoice): EffectiveTheme {
  if (choice !== 'system') return choice;
  return darkQuery.matches ? 'dark' : 'light';
}

function storedChoice(): ThemeChoice {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

interface ThemeState {
  choice: ThemeChoice;
  /** What is on screen: the choice, or the OS's when the choice is system. */
  effective: EffectiveTheme;
  setChoice(choice: ThemeChoice): void;
}

function paint(choice: ThemeChoice): void {
  // styles.css keys its colours on this attribute; absent means "follow the OS".
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export const useTheme = create<ThemeState>()((set) => {
  // The last choice is cached locally so the first frame is already in the right colours.
  const initial = storedChoice();
  paint(initial);
  darkQuery.addEventListener('change', () => set((state) => ({ effective: effectiveOf(state.choice) })));
  return {
    choice: initial,
    effective: effectiveOf(initial),
    setChoice: (choice) => {
      localStorage.setItem(STORAGE_KEY, choice);
      paint(choice);
      set({ choice, effective: effectiveOf(choice) });
    },
  };
});
