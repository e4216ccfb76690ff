import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_BROKER_LIMITS } from '../broker/broker-limits';
import { writeFileAtomic } from './atomic-file';

const MiB = 1024 * 1024;
/** A limit out of range (or not a number) falls back to its default instead of discarding the whole file. */
const limit = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback).catch(fallback);

const brokerSchema = z.object({
  /** Largest message a client may publish to the embedded broker. */
  maxMessageBytes: limit(1024, 256 * MiB, DEFAULT_BROKER_LIMITS.maxMessageBytes),
  maxRetainedMessages: limit(1, 1_000_000, DEFAULT_BROKER_LIMITS.maxRetainedMessages),
  maxRetainedBytes: limit(1024, 4096 * MiB, DEFAULT_BROKER_LIMITS.maxRetainedBytes),
});

const settingsSchema = z.object({
  /** Port paths the user typed (pseudo-terminals, unusual devices), newest first. */
  recentPorts: z.array(z.string()).default([]),
  /** The embedded broker's limits (edit settings.json to change them). */
  broker: brokerSchema.default(() => brokerSchema.parse({})).catch(() => brokerSchema.parse({})),
  /** The user allowed the embedded broker to listen on the network (not just this computer). */
  brokerLan: z.boolean().default(false),
});

type Settings = z.infer<typeof settingsSchema>;

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
