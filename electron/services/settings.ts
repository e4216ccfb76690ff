import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file';

const settingsSchema = z.object({
  /** Port paths the user typed (pseudo-terminals, unusual devices), newest first. */
  recentPorts: z.array(z.string()).default([]),
  /** The user allowed the embedded broker to listen on the network (not just this computer). */
  brokerLan: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

const MAX_RECENT_PORTS = 8;

/**
 * Small app settings kept in settings.json, replaced atomically. A damaged file is set aside as
 * settings.json.corrupt and defaults are used, so a bad file never stops the app.
 */
export const createSettingsStore = async (dataDir: string) => {
  const file = join(dataDir, 'settings.json');
  let settings: Settings = settingsSchema.parse({});
  try {
    settings = settingsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      await rename(file, `${file}.corrupt`).catch(() => undefined);
    }
  }
  let writing: Promise<void> = Promise.resolve();
  const save = () => {
    const snapshot = JSON.stringify(settings, null, 2);
    writing = writing.then(() => writeFileAtomic(file, snapshot, { backup: true }));
    return writing;
  };
  return {
    get: (): Settings => settings,
    async rememberPort(path: string): Promise<void> {
      settings = {
        ...settings,
        recentPorts: [path, ...settings.recentPorts.filter((p) => p !== path)].slice(0, MAX_RECENT_PORTS),
      };
      await save();
    },
    async update(changes: Partial<Pick<Settings, 'brokerLan'>>): Promise<Settings> {
      settings = { ...settings, ...changes };
      await save();
      return settings;
    },
    async forgetPort(path: string): Promise<void> {
      settings = { ...settings, recentPorts: settings.recentPorts.filter((p) => p !== path) };
      await save();
    },
  };
};

export type SettingsStore = Awaited<ReturnType<typeof createSettingsStore>>;
