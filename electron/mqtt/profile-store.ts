import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  connectionOptionsSchema,
  PROFILE_SECRET_FIELDS,
  REVEALABLE_SECRET_FIELDS,
  profileSaveSchema,
  profileSchema,
  profileSubscriptionSchema,
  publishTemplateSchema,
  type Profile,
  type ProfileView,
} from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import type { SecretBox } from '../services/secret-box';
import { removeStaleTempFiles, writeFileAtomic } from '../services/atomic-file';
import { withFileLock } from '../services/file-lock';
import { legacyBuiltinCaName } from '../services/bundled-certs';
import {
  LEGACY_TLS_PATHS,
  mergeSavedTls,
  migrateLegacyTls,
  refuseUnmigratedTls,
  storedTlsSchema,
  type PickedTlsFiles,
  type StoredTls,
} from './profile-tls';

export const PROFILES_FILE_NAME = 'mqtt-profiles.json';
const EXPORT_FORMAT = 'qpy-mqtt-profiles';

/** On disk a profile has no plain secrets: they live encrypted under `secrets` (the client key's text too). */
const storedProfileSchema = profileSchema.extend({
  connection: connectionOptionsSchema.extend({ tls: storedTlsSchema.optional() }),
  secrets: z
    .object({ password: z.string().optional(), keyPassphrase: z.string().optional(), clientKey: z.string().optional() })
    .strict()
    .default({}),
});
type StoredProfile = z.output<typeof storedProfileSchema>;

const storedFileSchema = z.object({ version: z.literal(1), profiles: z.array(storedProfileSchema) }).strict();

/** One profile in an export file or pasted JSON: ids and times are optional (import always makes new ids). */
const importProfileSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().min(1, 'name is required'),
    connection: connectionOptionsSchema,
    subscriptions: z.array(profileSubscriptionSchema).default([]),
    templates: z.array(publishTemplateSchema).default([]),
    notes: z.string().optional(),
    createdAt: z.number().optional(),
    updatedAt: z.number().optional(),
  })
  .strict();

type ProfileSave = z.output<typeof profileSaveSchema>;

interface ProfileStoreOptions {
  dataDir: string;
  secretBox: SecretBox;
  now?: () => number;
  /** Called after every change with the new list (for the 'mqtt.profiles' event). */
  onChange?: (profiles: ProfileView[]) => void;
  /** Test seam for the atomic write (see writeFileAtomic). */
  beforeRename?: () => void | Promise<void>;
  /**
   * Told when the profiles had to be recovered (from the .bak copy: 'profiles') or a TLS file a profile named
   * by path could not be read ('tlsFiles'); the message says what happened.
   */
  onNotice?: (message: string, kind: 'profiles' | 'tlsFiles') => void;
}

const describeZodIssue = (issue: { path: ReadonlyArray<PropertyKey>; message: string }): string =>
  issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;

/**
 * Saved MQTT connection profiles in `<dataDir>/mqtt-profiles.json`: every change is written atomically
 * (with a .bak of the previous file); passwords and key passphrases are encrypted by the SecretBox.
 */
export class ProfileStore {
  readonly file: string;
  private cleaned = false;
  private readonly announced = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: ProfileStoreOptions) {
    this.file = join(options.dataDir, PROFILES_FILE_NAME);
    this.now = options.now ?? Date.now;
  }

  list(): Promise<ProfileView[]> {
    return this.serialize(async () => (await this.load()).map((p) => this.view(p)));
  }

  /** The profile with its secrets decrypted, for connecting. */
  get(id: string): Promise<Profile> {
    return this.serialize(async () => {
      const stored = this.find(await this.load(), id);
      refuseUnmigratedTls(stored.connection.tls);
      return this.decrypt(stored);
    });
  }

  /**
   * Reads the TLS files profiles saved before the picker name by path into them, and saves that. Called once at
   * start: only then are those paths read (a file that is still unreadable is announced and kept).
   */
  saveMigratedTls(): Promise<void> {
    return this.mutate(async () => {
      const { profiles, changed } = await this.migrate(await this.load());
      if (changed) await this.persist(profiles);
    });
  }

  /** `files`: the TLS files the user picked, already read and checked (see the MQTT handlers). */
  save(request: ProfileSave, files: PickedTlsFiles = {}): Promise<ProfileView> {
    return this.mutate(async () => {
      const all = await this.load();
      const existing = request.id ? all.find((p) => p.id === request.id) : undefined;
      if (request.id && !existing) {
        throw new AppError(
          'NOT_FOUND',
          `No saved profile with id ${request.id}: it may have been deleted. Save it as new.`,
        );
      }
      const now = this.now();
      const secrets = { ...(existing?.secrets ?? {}) };
      for (const field of ['password', 'keyPassphrase'] as const) {
        const value = request.secrets[field];
        if (value === null || value === '') delete secrets[field];
        else if (typeof value === 'string') secrets[field] = this.options.secretBox.encrypt(value);
      }
      if (files.key === null) delete secrets.clientKey;
      else if (files.key) secrets.clientKey = this.options.secretBox.encrypt(files.key.pem);
      const { secrets: _ignored, id: _id, tlsFiles: _picked, ...body } = request;
      const tls = mergeSavedTls(body.connection.tls, existing?.connection.tls, files);
      const { tls: _requestedTls, ...connection } = body.connection;
      const candidate = {
        ...body,
        connection: { ...connection, ...(tls ? { tls } : {}) },
        id: existing?.id ?? randomUUID(),
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
        secrets,
      };
      const parsed = storedProfileSchema.safeParse(candidate);
      if (!parsed.success) {
        throw new AppError('INVALID_PROFILE', `The profile is invalid: ${describeZodIssue(parsed.error.issues[0]!)}.`);
      }
      const next = existing ? all.map((p) => (p.id === existing.id ? parsed.data : p)) : [...all, parsed.data];
      await this.persist(next);
      return this.view(parsed.data);
    });
  }

  delete(id: string): Promise<void> {
    return this.mutate(async () => {
      const all = await this.load();
      this.find(all, id);
      await this.persist(all.filter((p) => p.id !== id));
    });
  }

  duplicate(id: string, name?: string): Promise<ProfileView> {
    return this.mutate(async () => {
      const all = await this.load();
      const source = this.find(all, id);
      const now = this.now();
      const copy: StoredProfile = {
        ...structuredClone(source),
        id: randomUUID(),
        name: name ?? uniqueName(`${source.name} (copy)`, all),
        createdAt: now,
        updatedAt: now,
      };
      await this.persist([...all, copy]);
      return this.view(copy);
    });
  }

  revealSecret(id: string, field: (typeof REVEALABLE_SECRET_FIELDS)[number]): Promise<{ value: string | null }> {
    return this.serialize(async () => {
      const stored = this.find(await this.load(), id).secrets[field];
      return { value: stored === undefined ? null : this.options.secretBox.decrypt(stored) };
    });
  }

  /**
   * Imports an export file, one profile, or a list. All or nothing: one invalid profile rejects the whole
   * import with INVALID_PROFILE naming the profile and field; the saved profiles are untouched.
   */
  importJson(json: string): Promise<ProfileView[]> {
    return this.mutate(async () => {
      let data: unknown;
      try {
        data = JSON.parse(json);
      } catch (error) {
        throw new AppError(
          'INVALID_PROFILE',
          `The import is not valid JSON (${(error as Error).message}): check the file.`,
        );
      }
      const list = extractProfileList(data);
      const all = await this.load();
      const now = this.now();
      const imported: StoredProfile[] = [];
      list.forEach((rawItem, index) => {
        const label =
          typeof (rawItem as { name?: unknown })?.name === 'string' ? ` ("${(rawItem as { name: string }).name}")` : '';
        const item = importableTls(rawItem, `Profile ${index + 1}${label}`);
        const parsed = importProfileSchema.safeParse(item);
        if (!parsed.success) {
          throw new AppError(
            'INVALID_PROFILE',
            `Profile ${index + 1}${label} cannot be imported: ${describeZodIssue(parsed.error.issues[0]!)}. Fix that field and import again; nothing was imported.`,
          );
        }
        const { connection, id: _id, createdAt: _c, updatedAt: _u, ...rest } = parsed.data;
        const { password, tls, ...connectionRest } = connection;
        const secrets: StoredProfile['secrets'] = {};
        if (password) secrets.password = this.options.secretBox.encrypt(password);
        if (tls?.keyPassphrase) secrets.keyPassphrase = this.options.secretBox.encrypt(tls.keyPassphrase);
        if (tls?.key) secrets.clientKey = this.options.secretBox.encrypt(tls.key.pem);
        let cleanTls: StoredTls | undefined;
        if (tls) {
          const { keyPassphrase: _p, key, ...rest } = tls;
          cleanTls = { ...rest, ...(key ? { keyName: key.name } : {}) };
        }
        imported.push({
          ...rest,
          name: uniqueName(rest.name, [...all, ...imported]),
          id: randomUUID(),
          connection: { ...connectionRest, ...(cleanTls ? { tls: cleanTls } : {}) },
          createdAt: now,
          updatedAt: now,
          secrets,
        });
      });
      await this.persist([...all, ...imported]);
      return imported.map((p) => this.view(p));
    });
  }

  exportJson(ids: string[] | undefined, includeSecrets: boolean): Promise<{ json: string; count: number }> {
    return this.serialize(async () => {
      const all = await this.load();
      const chosen = ids ? ids.map((id) => this.find(all, id)) : all;
      const profiles = chosen.map((p) => {
        const full = includeSecrets ? this.decrypt(p) : stripSecrets(p);
        const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = full;
        return rest;
      });
      return { json: JSON.stringify({ format: EXPORT_FORMAT, version: 1, profiles }, null, 2), count: profiles.length };
    });
  }

  /** The profile as the UI sees it: no secrets, only which are saved and which can no longer be decrypted. */
  private view(p: StoredProfile): ProfileView {
    return toView(p, (stored) => {
      try {
        this.options.secretBox.decrypt(stored);
        return true;
      } catch {
        return false;
      }
    });
  }

  private find(all: StoredProfile[], id: string): StoredProfile {
    const found = all.find((p) => p.id === id);
    if (!found) throw new AppError('NOT_FOUND', `No saved profile with id ${id}: it may have been deleted.`);
    return found;
  }

  private decrypt(p: StoredProfile): Profile {
    const profile = stripSecrets(p);
    if (p.secrets.password !== undefined)
      profile.connection.password = this.options.secretBox.decrypt(p.secrets.password);
    const tls = profile.connection.tls;
    if (p.secrets.keyPassphrase !== undefined && tls) {
      tls.keyPassphrase = this.options.secretBox.decrypt(p.secrets.keyPassphrase);
    }
    if (p.secrets.clientKey !== undefined && tls) {
      tls.key = {
        name: p.connection.tls?.keyName ?? 'client.key',
        pem: this.options.secretBox.decrypt(p.secrets.clientKey),
      };
    }
    return profile;
  }

  /**
   * A change: under the folder's lock file, on the profiles as they are on disk now (another app window or the
   * CLI may have saved since), so two processes on one data folder never lose each other's profiles.
   */
  private mutate<T>(work: () => Promise<T>): Promise<T> {
    return this.serialize(async () => {
      try {
        return await withFileLock(this.file, work);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
        throw new AppError(
          'STORAGE_ERROR',
          `The profiles are being saved by another QPY Studio process (${(error as Error).message}); try again.`,
        );
      }
    });
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The profiles on disk now (never a cached copy: another process may have changed them). */
  private async load(): Promise<StoredProfile[]> {
    if (!this.cleaned) {
      this.cleaned = true;
      await removeStaleTempFiles(this.file);
    }
    const main = await readProfilesFile(this.file);
    if (main.kind === 'ok') return main.profiles;
    const backup = await readProfilesFile(`${this.file}.bak`);
    if (backup.kind === 'ok') {
      if (main.kind === 'damaged')
        this.announce(
          `The profiles file ${this.file} is damaged (${main.reason}); the ${backup.profiles.length} profile(s) of its backup ${this.file}.bak are shown. ` +
            'The next change saves them again and keeps the damaged file aside.',
          'profiles',
        );
      return backup.profiles;
    }
    if (main.kind === 'missing') return [];
    throw new AppError(
      'STORAGE_ERROR',
      `The profiles file ${this.file} is damaged (${main.kind === 'damaged' ? main.reason : 'unreadable'}) and has no usable backup: move it away to start with no profiles.`,
    );
  }

  /** Profiles saved with TLS file paths get the files' text (the key encrypted); see migrateLegacyTls. */
  private async migrate(profiles: StoredProfile[]): Promise<{ profiles: StoredProfile[]; changed: boolean }> {
    let changed = false;
    const out: StoredProfile[] = [];
    for (const p of profiles) {
      const tls = p.connection.tls;
      if (!tls || (tls.caFile === undefined && tls.certFile === undefined && tls.keyFile === undefined)) {
        out.push(p);
        continue;
      }
      const migration = await migrateLegacyTls(p.name, tls);
      for (const failure of migration.failures) this.announce(failure, 'tlsFiles');
      if (!migration.changed) {
        out.push(p);
        continue;
      }
      changed = true;
      const secrets = { ...p.secrets };
      if (migration.key) secrets.clientKey = this.options.secretBox.encrypt(migration.key.pem);
      out.push({ ...p, connection: { ...p.connection, tls: migration.tls }, secrets });
    }
    return { profiles: out, changed };
  }

  private announce(message: string, kind: 'profiles' | 'tlsFiles'): void {
    if (this.announced.has(message)) return;
    this.announced.add(message);
    console.warn(`[qpy] ${message}`);
    this.options.onNotice?.(message, kind);
  }

  private async persist(next: StoredProfile[]): Promise<void> {
    // A damaged main file must not become the new .bak over the good copy the profiles were recovered from.
    if ((await readProfilesFile(this.file)).kind === 'damaged') {
      const aside = `${this.file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.file, aside).catch(() => undefined);
    }
    const body = JSON.stringify({ version: 1, profiles: next }, null, 2);
    try {
      await writeFileAtomic(this.file, body, {
        mode: 0o600,
        backup: true,
        ...(this.options.beforeRename ? { beforeRename: this.options.beforeRename } : {}),
      });
    } catch (error) {
      throw new AppError(
        'STORAGE_ERROR',
        `Could not save the profiles to ${this.file} (${(error as Error).message}); nothing was changed. Check the disk and folder permissions.`,
      );
    }
    this.options.onChange?.(next.map((p) => this.view(p)));
  }
}

type FileRead = { kind: 'ok'; profiles: StoredProfile[] } | { kind: 'missing' } | { kind: 'damaged'; reason: string };

const readProfilesFile = async (file: string): Promise<FileRead> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? { kind: 'missing' }
      : { kind: 'damaged', reason: (error as Error).message };
  }
  try {
    const parsed = storedFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'ok', profiles: parsed.data.profiles };
    return { kind: 'damaged', reason: describeZodIssue(parsed.error.issues[0]!) };
  } catch (error) {
    return { kind: 'damaged', reason: (error as Error).message };
  }
};

const extractProfileList = (data: unknown): unknown[] => {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    if (Array.isArray(record.profiles)) return record.profiles;
    if ('connection' in record) return [record];
  }
  throw new AppError(
    'INVALID_PROFILE',
    'The import holds no profiles: expected an export file ({"profiles": [...]}), a profile or a list of profiles.',
  );
};

const uniqueName = (wanted: string, all: ReadonlyArray<{ name: string }>): string => {
  const names = new Set(all.map((p) => p.name));
  if (!names.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!names.has(`${wanted} ${i}`)) return `${wanted} ${i}`;
};

/** The profile without its secrets (and without TLS paths that could not be read): as exported or connected. */
const stripSecrets = (p: StoredProfile): Profile => {
  const { secrets: _secrets, ...rest } = structuredClone(p);
  const { tls, ...connection } = rest.connection;
  if (!tls) return { ...rest, connection };
  const { keyName: _k, caFile: _c, certFile: _ce, keyFile: _ke, ...publicTls } = tls;
  return { ...rest, connection: { ...connection, tls: publicTls } };
};

/**
 * An imported profile's TLS part as the contract takes it: a `builtin:` CA of an old export becomes `caBundled`;
 * a file path is refused (an import comes from the UI, which may not name files on this computer).
 */
const importableTls = (item: unknown, label: string): unknown => {
  const tls = (item as { connection?: { tls?: Record<string, unknown> } } | null)?.connection?.tls;
  if (!tls || typeof tls !== 'object') return item;
  const next: Record<string, unknown> = { ...tls };
  const builtin = typeof next.caFile === 'string' ? legacyBuiltinCaName(next.caFile) : undefined;
  if (builtin !== undefined) {
    delete next.caFile;
    next.caBundled ??= builtin;
  }
  for (const legacy of Object.values(LEGACY_TLS_PATHS)) {
    if (next[legacy] !== undefined) {
      throw new AppError(
        'INVALID_PROFILE',
        `${label} cannot be imported: connection.tls.${legacy} names a file on this computer, which an import may not do. ` +
          `Remove caFile, certFile and keyFile from it, import it, then choose the files in the profile's TLS settings; nothing was imported.`,
      );
    }
  }
  const record = item as { connection: Record<string, unknown> };
  return { ...record, connection: { ...record.connection, tls: next } };
};

const toView = (p: StoredProfile, readable: (stored: string) => boolean): ProfileView => {
  const { secrets, ...rest } = structuredClone(p);
  const { password: _password, tls, ...connection } = rest.connection;
  const view: ProfileView = {
    ...rest,
    connection: { ...connection },
    secrets: {
      password: secrets.password !== undefined,
      keyPassphrase: secrets.keyPassphrase !== undefined,
      ...(secrets.clientKey !== undefined ? { clientKey: true } : {}),
    },
  };
  const unreadable = PROFILE_SECRET_FIELDS.filter((f) => secrets[f] !== undefined && !readable(secrets[f]));
  if (unreadable.length) view.secrets.unreadable = unreadable;
  if (tls) {
    const { caFile: _c, certFile: _ce, keyFile: _ke, ...publicTls } = tls;
    view.connection.tls = publicTls;
  }
  return view;
};
