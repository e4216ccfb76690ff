import { create } from 'zustand';

export type Workspace = 'device' | 'cloud' | 'mqtt';
export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'qpy.theme';
const WORKSPACE_KEY = 'qpy.workspace';

const readTheme = (): ThemeChoice => {
  const saved = globalThis.localStorage?.getItem(THEME_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
};

const readWorkspace = (): Workspace => {
  const saved = globalThis.localStorage?.getItem(WORKSPACE_KEY);
  return saved === 'cloud' || saved === 'mqtt' ? saved : 'device';
};

interface UiState {
  workspace: Workspace;
  theme: ThemeChoice;
  setWorkspace(workspace: Workspace): void;
  setTheme(theme: ThemeChoice): void;
}

export const useUiStore = create<UiState>((set) => ({
  workspace: readWorkspace(),
  theme: readTheme(),
  setWorkspace: (workspace) => {
    globalThis.localStorage?.setItem(WORKSPACE_KEY, workspace);
    set({ workspace });
  },
  setTheme: (theme) => {
    globalThis.localStorage?.setItem(THEME_KEY, theme);
    set({ theme });
  },
}));

/** Applies the theme choice to <html data-theme>, following the OS when the choice is 'system'. */
export const applyTheme = (choice: ThemeChoice): void => {
  const dark =
    choice === 'dark' || (choice === 'system' && globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
};
