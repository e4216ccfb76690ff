import { z } from 'zod';
import { call } from './define';

/**
 * Files on this computer, for the Device workspace's local pane (the project folder a user pushes from), pulls
 * into it, and TLS files. The UI never names an arbitrary path: the user picks a folder or file (the system
 * dialog in the desktop app, the app's own picker in browser mode) and gets a grant; every other call names a
 * grant and a path relative to it, and the backend refuses anything that leaves the grant.
 */
const grantId = z.string().min(1).max(64);
/** A path inside a granted folder, with `/` (or `\`) between names; '' or absent is the granted folder itself. */
const relPath = z.string().max(4096);

/** Where a local file or folder is: a grant and, for a folder grant, a path inside it. */
export const localRefSchema = z.object({ grant: grantId, relPath: relPath.optional() }).strict();
export type LocalRef = z.infer<typeof localRefSchema>;

const LOCAL_PICK_KINDS = ['folder', 'file', 'save'] as const;
export type LocalPickKind = (typeof LOCAL_PICK_KINDS)[number];

export interface LocalGrant {
  /** Opaque; valid until the backend stops. */
  id: string;
  /** What was granted: a folder (and everything in it) or one file (`save` grants a file that may not exist). */
  kind: 'folder' | 'file';
  /** The folder's or file's name, for labels. */
  name: string;
  /** Its absolute path, for display only (calls take the grant). */
  path: string;
  sep: '/' | '\\';
}

export interface LocalEntry {
  name: string;
  /** Path inside the grant, `/`-separated: pass it back as `relPath`. */
  relPath: string;
  type: 'file' | 'dir';
  size: number;
  /** Milliseconds since the epoch. */
  mtimeMs: number;
}

export interface LocalListing {
  grant: string;
  /** The listed folder inside the grant ('' = the granted folder). */
  relPath: string;
  /** Its parent inside the grant, or null at the granted folder. */
  parentRelPath: string | null;
  /** Absolute path of the listed folder, for display. */
  path: string;
  sep: '/' | '\\';
  /** Folders first, then files, each sorted by name. */
  entries: LocalEntry[];
}

/** A folder shown inside a pending pick (browser mode's picker); absolute paths, only while the pick is open. */
export interface PickListing {
  dir: string;
  parent: string | null;
  sep: '/' | '\\';
  /** Folders first, then files (files only for file and save picks). */
  entries: { name: string; path: string; type: 'file' | 'dir'; size: number }[];
}

export type LocalPickResult =
  | { state: 'granted'; grant: LocalGrant }
  | { state: 'cancelled' }
  /** No system dialog (browser mode): show the picker for this pick; it ends with localPickChoose. */
  | { state: 'picking'; pick: string; kind: LocalPickKind; listing: PickListing };

export const localCalls = {
  /**
   * Lets the user choose a folder or file. `purpose` is the dialog's title; `startAt` only where the dialog
   * opens (e.g. a recent folder); `suggestedName` for save.
   */
  localPick: call(
    z
      .object({
        kind: z.enum(LOCAL_PICK_KINDS),
        purpose: z.string().min(1).max(200),
        startAt: z.string().max(4096).optional(),
        suggestedName: z.string().max(255).optional(),
        /** File-name extensions offered first, without dots: ['pem', 'crt']. */
        extensions: z
          .array(z.string().regex(/^[A-Za-z0-9]{1,10}$/))
          .max(20)
          .optional(),
      })
      .strict(),
  ).returns<LocalPickResult>(),
  /** Lists a folder inside a pending pick only. */
  localPickBrowse: call(
    z.object({ pick: z.string().min(1).max(64), dir: z.string().min(1).max(4096) }).strict(),
  ).returns<PickListing>(),
  /** Ends a pending pick: the chosen path (a folder, a file, or for save the folder plus `name`), or null. */
  localPickChoose: call(
    z
      .object({
        pick: z.string().min(1).max(64),
        path: z.string().min(1).max(4096).nullable(),
        name: z.string().min(1).max(255).optional(),
      })
      .strict(),
  ).returns<LocalPickResult>(),
  /** Lists a folder inside a folder grant. */
  localList: call(localRefSchema).returns<LocalListing>(),
  localRead: call(localRefSchema).returns<{ name: string; data: Uint8Array }>(),
  /** Writes a whole file atomically (temporary file + rename); creates missing parent folders inside the grant. */
  localWrite: call(localRefSchema.extend({ data: z.union([z.instanceof(Uint8Array), z.string()]) }).strict()).returns<{
    bytes: number;
  }>(),
};
