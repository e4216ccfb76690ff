import { create } from 'zustand';
import type { LocalGrant, LocalRef } from '../../../../../shared/api/local';

const RECENT_KEY = 'qpy.device.recentLocalFolders';
/** Before grants, the one remembered folder; it becomes the first recent folder. */
const LEGACY_KEY = 'qpy.device.localDir';
/** The grant lives as long as the backend does, so it is kept for this window or tab only. */
const GRANT_KEY = 'qpy.device.localGrant';
const MAX_RECENT = 6;

const readRecent = (): string[] => {
  try {
    const list = JSON.parse(globalThis.localStorage?.getItem(RECENT_KEY) ?? '[]') as unknown;
    const recent = Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
    const legacy = globalThis.localStorage?.getItem(LEGACY_KEY);
    return legacy && !recent.includes(legacy) ? [legacy, ...recent] : recent;
  } catch {
    return [];
  }
};

const readGrant = (): LocalGrant | null => {
  try {
    return JSON.parse(globalThis.sessionStorage?.getItem(GRANT_KEY) ?? 'null') as LocalGrant | null;
  } catch {
    return null;
  }
};

/**
 * The local project folder the user chose (a grant), shared by the local pane, "pull to folder" and sync,
 * plus the folders chosen recently (paths to start the next pick at; they grant nothing by themselves).
 */
export const useLocalFolder = create<{
  grant: LocalGrant | null;
  /** The folder shown, inside the grant ('' = the chosen folder). */
  relPath: string;
  /** Absolute path of the folder shown, for labels. */
  shownPath: string | null;
  recent: string[];
  version: number;
  setGrant(grant: LocalGrant | null): void;
  setShown(relPath: string, shownPath: string): void;
  bump(): void;
}>((set, get) => ({
  grant: readGrant(),
  relPath: '',
  shownPath: null,
  recent: readRecent(),
  version: 0,
  setGrant: (grant) => {
    if (grant) {
      globalThis.sessionStorage?.setItem(GRANT_KEY, JSON.stringify(grant));
      const recent = [grant.path, ...get().recent.filter((p) => p !== grant.path)].slice(0, MAX_RECENT);
      globalThis.localStorage?.setItem(RECENT_KEY, JSON.stringify(recent));
      globalThis.localStorage?.removeItem(LEGACY_KEY);
      set({ grant, relPath: '', shownPath: grant.path, recent, version: get().version + 1 });
    } else {
      globalThis.sessionStorage?.removeItem(GRANT_KEY);
      set({ grant: null, relPath: '', shownPath: null });
    }
  },
  setShown: (relPath, shownPath) => set({ relPath, shownPath }),
  bump: () => set({ version: get().version + 1 }),
}));

export const joinRel = (relPath: string, name: string): string => (relPath ? `${relPath}/${name}` : name);

export const localRef = (grant: LocalGrant, relPath: string): LocalRef =>
  relPath ? { grant: grant.id, relPath } : { grant: grant.id };
