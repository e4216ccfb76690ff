import { create } from 'zustand';

const KEY = 'qpy.device.localDir';

/** The local project folder (remembered), shared by the local pane, "download to folder" and sync. */
export const useLocalFolder = create<{
  dir: string | null;
  sep: '/' | '\\';
  version: number;
  setDir(dir: string, sep: '/' | '\\'): void;
  bump(): void;
}>((set, get) => ({
  dir: globalThis.localStorage?.getItem(KEY) ?? null,
  sep: '/',
  version: 0,
  setDir: (dir, sep) => {
    globalThis.localStorage?.setItem(KEY, dir);
    set({ dir, sep });
  },
  bump: () => set({ version: get().version + 1 }),
}));

export const joinLocal = (dir: string, name: string, sep: '/' | '\\'): string =>
  dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
