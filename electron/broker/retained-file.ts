import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { removeStaleTempFiles, writeFileAtomic } from '../services/atomic-file';
import { DEFAULT_BROKER_LIMITS, formatBytes, type BrokerLimits } from './broker-limits';

interface RetainedMessage {
  topic: string;
  qos: 0 | 1 | 2;
  payload: Buffer;
}

const messageSchema = z.object({
  topic: z.string().min(1),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  payload: z.string(),
});

/** Version 1: one JSON document (read only; it had to be built as one string, which fails past ~512 MB). */
const v1Schema = z.object({ version: z.literal(1), messages: z.array(messageSchema) });
const V2_HEADER = '{"version":2}';

interface RetainedFileOptions {
  debounceMs?: number;
  limits?: Pick<BrokerLimits, 'maxRetainedMessages' | 'maxRetainedBytes'>;
  log?: (line: string) => void;
}

class DamagedFile extends Error {}

/**
 * The broker's retained messages mirrored to a file, written atomically a moment after each change (coalescing
 * bursts) and on flush, so they survive a restart. Version 2 is one header line then one JSON line per message,
 * written and read a message at a time: memory stays bounded by the largest message, not the whole set.
 */
export class RetainedFile {
  private readonly messages = new Map<string, RetainedMessage>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;
  private bytes = 0;
  private readonly debounceMs: number;
  private readonly limits: Pick<BrokerLimits, 'maxRetainedMessages' | 'maxRetainedBytes'>;
  private readonly log: (line: string) => void;
  lastError: string | undefined;

  constructor(
    readonly file: string,
    options: RetainedFileOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    this.limits = options.limits ?? DEFAULT_BROKER_LIMITS;
    this.log = options.log ?? (() => undefined);
  }

  /** Reads the file; a missing file is an empty set, a damaged one is reported and the .bak tried. */
  async load(): Promise<RetainedMessage[]> {
    await removeStaleTempFiles(this.file);
    for (const candidate of [this.file, `${this.file}.bak`]) {
      this.clear();
      try {
        const skipped = await this.readInto(candidate);
        if (skipped > 0) {
          this.lastError =
            `The retained-messages file held more than the broker keeps (${this.limits.maxRetainedMessages} retained messages, ` +
            `${formatBytes(this.limits.maxRetainedBytes)}); ${skipped} were not restored. Raise the limits in settings to keep more.`;
          this.log(this.lastError);
        }
        return [...this.messages.values()];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        this.lastError = `The retained-messages file ${candidate} is damaged; it was ignored.`;
        this.log(`${this.lastError} (${(error as Error).message})`);
      }
    }
    this.clear();
    return [];
  }

  /** Adds the file's messages within the limits; returns how many did not fit. */
  private async readInto(candidate: string): Promise<number> {
    const lines = createInterface({ input: createReadStream(candidate, 'utf8'), crlfDelay: Infinity });
    let skipped = 0;
    let first = true;
    const add = (m: z.infer<typeof messageSchema>) => {
      const payload = Buffer.from(m.payload, 'base64');
      if (this.wouldExceed(m.topic, payload.length)) skipped++;
      else this.set({ topic: m.topic, qos: m.qos, payload });
    };
    try {
      for await (const line of lines) {
        if (first) {
          first = false;
          if (line === V2_HEADER) continue;
          const v1 = v1Schema.safeParse(safeJson(line));
          if (!v1.success) throw new DamagedFile('not a retained-messages file');
          for (const m of v1.data.messages) add(m);
          continue;
        }
        if (line === '') continue;
        const m = messageSchema.safeParse(safeJson(line));
        if (!m.success) throw new DamagedFile('a damaged line');
        add(m.data);
      }
    } finally {
      lines.close();
    }
    if (first) throw new DamagedFile('the file is empty');
    return skipped;
  }

  /** Why a retained publish of `bytes` on `topic` would not fit, or undefined when it fits. */
  wouldExceed(topic: string, bytes: number): 'count' | 'bytes' | undefined {
    if (bytes === 0) return undefined;
    const old = this.messages.get(topic);
    if (!old && this.messages.size + 1 > this.limits.maxRetainedMessages) return 'count';
    if (this.bytes - (old?.payload.length ?? 0) + bytes > this.limits.maxRetainedBytes) return 'bytes';
    return undefined;
  }

  /** Records a retained publish (an empty payload deletes the topic's retained message). */
  update(topic: string, qos: 0 | 1 | 2, payload: Buffer): void {
    if (payload.length === 0) this.delete(topic);
    else this.set({ topic, qos, payload: Buffer.from(payload) });
    this.dirty = true;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, this.debounceMs);
  }

  get size(): number {
    return this.messages.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Writes pending changes now and waits for every write to finish. */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    await this.save();
  }

  private set(m: RetainedMessage): void {
    this.delete(m.topic);
    this.messages.set(m.topic, m);
    this.bytes += m.payload.length;
  }

  private delete(topic: string): void {
    const old = this.messages.get(topic);
    if (!old) return;
    this.bytes -= old.payload.length;
    this.messages.delete(topic);
  }

  private clear(): void {
    this.messages.clear();
    this.bytes = 0;
  }

  /** Never rejects: a failed save is reported in lastError and the log, and retried on the next change. */
  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const snapshot = [...this.messages.values()];
      try {
        await writeFileAtomic(
          this.file,
          async (write) => {
            await write(`${V2_HEADER}\n`);
            for (const m of snapshot)
              await write(`${JSON.stringify({ topic: m.topic, qos: m.qos, payload: m.payload.toString('base64') })}\n`);
          },
          { backup: true },
        );
        this.lastError = undefined;
      } catch (error) {
        this.dirty = true;
        const message = `Could not save retained messages to ${this.file}: ${(error as Error).message}`;
        if (message !== this.lastError) this.log(`${message}. The broker goes on; the next change retries.`);
        this.lastError = message;
      }
    });
    return this.saving;
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
