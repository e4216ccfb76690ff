import { z } from 'zod';
import { tlsOptionsSchema, type PemFile, type TlsFileField } from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import { legacyBuiltinCaName } from '../services/bundled-certs';
import { loadTlsFile, TLS_FILE_LABEL } from './tls-files';

/**
 * A profile's TLS settings on disk: the client key's text is not here (it is a secret, encrypted under the
 * profile's `secrets.clientKey`), only its file name. `caFile`/`certFile`/`keyFile` are paths saved before TLS
 * files were picked; they are read once, by migrateLegacyTls, and kept only while the file cannot be read.
 */
export const storedTlsSchema = tlsOptionsSchema.omit({ key: true, keyPassphrase: true }).extend({
  keyName: z.string().max(255).optional(),
  caFile: z.string().optional(),
  certFile: z.string().optional(),
  keyFile: z.string().optional(),
});
export type StoredTls = z.output<typeof storedTlsSchema>;

export const LEGACY_TLS_PATHS = { ca: 'caFile', cert: 'certFile', key: 'keyFile' } as const;

/** The picked TLS files of a save, read and checked by the backend; `key: null` removes the saved key. */
export interface PickedTlsFiles {
  ca?: PemFile;
  cert?: PemFile;
  key?: PemFile | null;
}

interface LegacyMigration {
  tls: StoredTls;
  /** The client key's text, read from its old path (the store encrypts it). */
  key?: PemFile;
  changed: boolean;
  /** One line per file that could not be read, for the start-up notice. */
  failures: string[];
}

/**
 * Reads the files a profile saved before TLS files were picked (paths the user once typed into this app) into
 * the profile: a `builtin:` CA becomes `caBundled`; a readable file becomes its text; an unreadable one stays
 * as it is and is reported, so nothing is lost and a later start tries again.
 */
export const migrateLegacyTls = async (profileName: string, tls: StoredTls): Promise<LegacyMigration> => {
  const next: StoredTls = { ...tls };
  const failures: string[] = [];
  let changed = false;
  let key: PemFile | undefined;
  const builtin = next.caFile === undefined ? undefined : legacyBuiltinCaName(next.caFile);
  if (builtin !== undefined) {
    delete next.caFile;
    if (!next.ca && !next.caBundled) next.caBundled = builtin;
    changed = true;
  }
  for (const field of ['ca', 'cert', 'key'] as const) {
    const legacy = LEGACY_TLS_PATHS[field];
    const path = next[legacy];
    if (path === undefined) continue;
    try {
      const file = await loadTlsFile(field, path);
      if (field === 'key') {
        key = file;
        next.keyName = file.name;
      } else next[field] = file;
      delete next[legacy];
      changed = true;
    } catch (error) {
      failures.push(
        `Profile "${profileName}": the ${TLS_FILE_LABEL[field]} file ${path} it used could not be read (${(error as Error).message}). ` +
          `Choose it again in the profile's TLS settings; until then the profile keeps the old path.`,
      );
    }
  }
  return { tls: next, ...(key ? { key } : {}), changed, failures };
};

/** A TLS path the migration could not read yet: connecting must fail and say which file to choose. */
export const refuseUnmigratedTls = (tls: StoredTls | undefined): void => {
  for (const field of ['ca', 'cert', 'key'] as const satisfies readonly TlsFileField[]) {
    const path = tls?.[LEGACY_TLS_PATHS[field]];
    if (path !== undefined) {
      throw new AppError(
        'TLS_ERROR',
        `This profile still names the ${TLS_FILE_LABEL[field]} file ${path}, which cannot be read: choose the file in the profile's TLS settings.`,
        { field },
      );
    }
  }
};

/** The stored TLS settings after a save: the request's, with newly picked files and the old paths kept. */
export const mergeSavedTls = (
  requested: (Omit<StoredTls, 'caFile' | 'certFile' | 'keyFile'> & { keyName?: string }) | undefined,
  existing: StoredTls | undefined,
  picked: PickedTlsFiles,
): StoredTls | undefined => {
  if (!requested) return undefined;
  // Only the backend sets the key's name and old paths; whatever the request says about them is dropped.
  const { keyName: _n, caFile: _c, certFile: _ce, keyFile: _k, ...tls } = requested as StoredTls;
  const next: StoredTls = { ...tls };
  if (picked.ca) next.ca = picked.ca;
  if (picked.cert) next.cert = picked.cert;
  const keyName = picked.key ? picked.key.name : picked.key === null ? undefined : existing?.keyName;
  if (keyName !== undefined) next.keyName = keyName;
  // An old path the migration could not read yet stays until the user chooses that file (or removes the key).
  if (existing?.caFile !== undefined && !next.ca && !next.caBundled) next.caFile = existing.caFile;
  if (existing?.certFile !== undefined && !next.cert) next.certFile = existing.certFile;
  if (existing?.keyFile !== undefined && picked.key === undefined) next.keyFile = existing.keyFile;
  return next;
};
