import { create } from 'zustand';
import type { LocalGrant, LocalRef } from '../../../../../shared/api/local';
import { persisted, type Decode } from '../../../stores/persisted';

const MAX_RECENT = 6;

const stringList: Decode<string[]> = (raw) =>
  Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string') : undefined;

const recentFolders = persisted<string[]>('qpy.device.recentLocalFolders', [], stringList, {
  // Before grants, the one remembered folder; it becomes the first recent folder.
  legacy: {
    key: 'qpy.device.localDir',
    migrate: (legacy, recent) => (recent.includes(legacy) ? recent : [legacy, ...recent]),
  },
});

const isGrant: Decode<LocalGrant | null> = (raw) => {
  if (raw === null) return null;
  const grant = raw as Partial<LocalGrant> | undefined;
  return typeof grant === 'object' && typeof grant.id === 'string' && typeof grant.path === 'string'
    ? (raw as LocalGrant)
    : undefined;
};

/** The grant lives as long as the backend does, so it is kept for this window or tab only. */
const savedGrant = persisted<LocalGrant | null>('qpy.device.localGrant', null, isGrant, { scope: 'session' });

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
  /** Dot files are listed, and pushed with a selected folder. */
  showHidden: boolean;
  setGrant(grant: LocalGrant | null): void;
  setShown(relPath: string, shownPath: string): void;
  bump(): void;
  setShowHidden(showHidden: boolean): void;
}>((set, get) => ({
  grant: savedGrant.read(),
  relPath: '',
  shownPath: null,
  recent: recentFolders.read(),
  version: 0,
  showHidden: false,
  setGrant: (grant) => {
    if (grant) {
      savedGrant.write(grant);
      const recent = [grant.path, ...get().recent.filter((p) => p !== grant.path)].slice(0, MAX_RECENT);
      recentFolders.write(recent);
      set({ grant, relPath: '', shownPath: grant.path, recent, version: get().version + 1 });
    } else {
      savedGrant.clear();
      set({ grant: null, relPath: '', shownPath: null });
    }
  },
  setShown: (relPath, shownPath) => set({ relPath, shownPath }),
  bump: () => set({ version: get().version + 1 }),
  setShowHidden: (showHidden) => set({ showHidden }),
}));

export const joinRel = (relPath: string, name: string): string => (relPath ? `${relPath}/${name}` : name);

export const localRef = (grant: LocalGrant, relPath: string): LocalRef =>
  relPath ? { grant: grant.id, relPath } : { grant: grant.id };
