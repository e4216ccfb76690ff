import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  connectionOptionsSchema,
  PROFILE_SECRET_FIELDS,
  profileSaveSchema,
  profileSchema,
  profileSubscriptionSchema,
  publishTemplateSchema,
  type Profile,
  type ProfileSecretField,
  type ProfileView,
} from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import type { SecretBox } from '../services/secret-box';
import { removeStaleTempFiles, writeFileAtomic } from '../services/atomic-file';
import { withFileLock } from '../services/file-lock';

export const PROFILES_FILE_NAME = 'mqtt-profiles.json';
const EXPORT_FORMAT = 'qpy-mqtt-profiles';

/** On disk a profile has no plain secrets: they live encrypted under `secrets`. */
const storedProfileSchema = profileSchema.extend({
  secrets: z.object({ password: z.string().optional(), keyPassphrase: z.string().optional() }).strict().default({}),
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

export type ProfileSave = z.output<typeof profileSaveSchema>;

export interface ProfileStoreOptions {
  dataDir: string;
  secretBox: SecretBox;
  now?: () => number;
  /** Called after every change with the new list (for the 'mqtt.profiles' event). */
  onChange?: (profiles: ProfileView[]) => void;
  /** Test seam for the atomic write (see writeFileAtomic). */
  beforeRename?: () => void | Promise<void>;
  /** Told when the profiles had to be recovered (from the .bak copy); the message says what happened. */
  onNotice?: (message: string) => void;
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
  private lastNotice: string | undefined;
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
    return this.serialize(async () => this.decrypt(this.find(await this.load(), id)));
  }

  save(request: ProfileSave): Promise<ProfileView> {
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
      const { secrets: _ignored, id: _id, ...body } = request;
      const candidate = {
        ...body,
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

  revealSecret(id: string, field: ProfileSecretField): Promise<{ value: string | null }> {
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
      list.forEach((item, index) => {
        const parsed = importProfileSchema.safeParse(item);
        if (!parsed.success) {
          const label =
            typeof (item as { name?: unknown })?.name === 'string' ? ` ("${(item as { name: string }).name}")` : '';
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
        const cleanTls = tls ? { ...tls } : undefined;
        if (cleanTls) delete cleanTls.keyPassphrase;
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
    if (p.secrets.keyPassphrase !== undefined && profile.connection.tls) {
      profile.connection.tls.keyPassphrase = this.options.secretBox.decrypt(p.secrets.keyPassphrase);
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
        );
      return backup.profiles;
    }
    if (main.kind === 'missing') return [];
    throw new AppError(
      'STORAGE_ERROR',
      `The profiles file ${this.file} is damaged (${main.kind === 'damaged' ? main.reason : 'unreadable'}) and has no usable backup: move it away to start with no profiles.`,
    );
  }

  private announce(message: string): void {
    if (message === this.lastNotice) return;
    this.lastNotice = message;
    console.warn(`[qpy] ${message}`);
    this.options.onNotice?.(message);
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

const stripSecrets = (p: StoredProfile): Profile => {
  const { secrets: _secrets, ...rest } = structuredClone(p);
  return rest;
};

const toView = (p: StoredProfile, readable: (stored: string) => boolean): ProfileView => {
  const { secrets, ...rest } = structuredClone(p);
  const { password: _password, tls, ...connection } = rest.connection;
  const view: ProfileView = {
    ...rest,
    connection: { ...connection },
    secrets: { password: secrets.password !== undefined, keyPassphrase: secrets.keyPassphrase !== undefined },
  };
  const unreadable = PROFILE_SECRET_FIELDS.filter((f) => secrets[f] !== undefined && !readable(secrets[f]));
  if (unreadable.length) view.secrets.unreadable = unreadable;
  if (tls) {
    const { keyPassphrase: _k, ...publicTls } = tls;
    view.connection.tls = publicTls;
  }
  return view;
};
