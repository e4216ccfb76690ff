import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod/mini';
import { writeFileAtomic } from '../services/atomic-file';
import { capabilitiesSchema } from './module-answers';
import type { Capabilities } from './remote-scripts';

/** What a probe found out about one firmware: kept so the next session (or CLI process) need not probe again. */
interface ProbeRecord {
  caps: Capabilities;
  encoding: '8bit' | 'base64';
}

/** Probe results by firmware identity (the module's uname(), as IDENTITY_SCRIPT prints it). */
export interface ProbeCache {
  get(identity: string): Promise<ProbeRecord | undefined>;
  set(identity: string, record: ProbeRecord): Promise<void>;
  /**
   * The identity last seen on `port` and what is cached for it (one read of the file): a guess the next operation
   * checks in the same exec as its first work.
   */
  lastOn(port: string): Promise<{ identity: string; record: ProbeRecord } | undefined>;
  seenOn(port: string, identity: string): Promise<void>;
}

const FILE_NAME = 'module-probes.json';
const MAX_ENTRIES = 32;

const fileSchema = z.object({
  version: z.literal(1),
  entries: z.record(
    z.string(),
    z.object({ caps: capabilitiesSchema, encoding: z.enum(['8bit', 'base64']), savedAt: z.number() }),
  ),
  ports: z.optional(z.record(z.string(), z.string())),
});
type CacheFile = z.infer<typeof fileSchema>;

const recordOf = (file: CacheFile, identity: string): ProbeRecord | undefined => {
  const entry = file.entries[identity];
  return entry ? { caps: entry.caps, encoding: entry.encoding } : undefined;
};

/**
 * The probe cache in the data folder, shared by the app and every CLI process. A file that is missing or does not
 * parse counts as empty (it is only a cache); a changed firmware has another identity and is probed afresh.
 */
export const createFileProbeCache = (dataDir: string): ProbeCache => {
  const file = join(dataDir, FILE_NAME);
  const load = async (): Promise<CacheFile> => {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) return { version: 1, entries: {} };
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : { version: 1, entries: {} };
    } catch {
      return { version: 1, entries: {} };
    }
  };
  const save = async (content: CacheFile): Promise<void> => {
    await mkdir(dataDir, { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify(content, null, 1)}\n`);
  };
  return {
    async get(identity) {
      return recordOf(await load(), identity);
    },
    async set(identity, record) {
      const current = await load();
      const entries = Object.entries({ ...current.entries, [identity]: { ...record, savedAt: Date.now() } })
        .sort((a, b) => b[1].savedAt - a[1].savedAt)
        .slice(0, MAX_ENTRIES);
      await save({ ...current, entries: Object.fromEntries(entries) });
    },
    async lastOn(port) {
      const current = await load();
      const identity = current.ports?.[port];
      const record = identity === undefined ? undefined : recordOf(current, identity);
      return identity !== undefined && record ? { identity, record } : undefined;
    },
    async seenOn(port, identity) {
      const current = await load();
      if (current.ports?.[port] === identity) return;
      const ports = Object.entries({ ...current.ports, [port]: identity }).slice(-MAX_ENTRIES);
      await save({ ...current, ports: Object.fromEntries(ports) });
    },
  };
};
