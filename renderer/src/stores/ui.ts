import { create } from 'zustand';
import { oneOf, persisted } from './persisted';

export type Workspace = 'device' | 'cloud' | 'mqtt';
export type ThemeChoice = 'system' | 'light' | 'dark';

const themeChoice = persisted<ThemeChoice>('qpy.theme', 'system', oneOf('system', 'light', 'dark'));
const lastWorkspace = persisted<Workspace>('qpy.workspace', 'device', oneOf('device', 'cloud', 'mqtt'));

interface UiState {
  workspace: Workspace;
  theme: ThemeChoice;
  setWorkspace(workspace: Workspace): void;
  setTheme(theme: ThemeChoice): void;
}

export const useUiStore = create<UiState>((set) => ({
  workspace: lastWorkspace.read(),
  theme: themeChoice.read(),
  setWorkspace: (workspace) => {
    lastWorkspace.write(workspace);
    set({ workspace });
  },
  setTheme: (theme) => {
    themeChoice.write(theme);
    set({ theme });
  },
}));

/** Applies the theme choice to <html data-theme>, following the OS when the choice is 'system'. */
export const applyTheme = (choice: ThemeChoice): void => {
  const dark =
    choice === 'dark' || (choice === 'system' && globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
};
