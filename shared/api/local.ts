import { z } from 'zod';
import { call } from './define';

/**
 * Files on this computer, for the Device workspace's local pane (the project folder a user pushes from). In
 * browser mode the host runs on the same machine, so these are the user's own files either way.
 */
const localPath = z.string().min(1).max(4096);

export interface LocalEntry {
  /** Absolute path. */
  path: string;
  name: string;
  type: 'file' | 'dir';
  size: number;
  /** Milliseconds since the epoch. */
  mtimeMs: number;
}

export interface LocalListing {
  /** The absolute, resolved folder that was listed. */
  dir: string;
  /** Its parent folder, or null at a root. */
  parent: string | null;
  /** The platform's path separator, for joining names onto `dir`. */
  sep: '/' | '\\';
  /** Folders first, then files, each sorted by name. */
  entries: LocalEntry[];
}

export const localCalls = {
  /** Lists a local folder; without `dir`, the user's home folder. */
  localList: call(z.object({ dir: localPath.optional() }).strict()).returns<LocalListing>(),
  localRead: call(z.object({ path: localPath }).strict()).returns<{ path: string; data: Uint8Array }>(),
  /** Writes a whole file atomically (temporary file + rename); creates missing parent folders. */
  localWrite: call(
    z.object({ path: localPath, data: z.union([z.instanceof(Uint8Array), z.string()]) }).strict(),
  ).returns<{ path: string; bytes: number }>(),
};
