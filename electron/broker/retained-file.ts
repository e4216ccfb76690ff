import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { removeStaleTempFiles, writeFileAtomic } from '../services/atomic-file';

export interface RetainedMessage {
  topic: string;
  qos: 0 | 1 | 2;
  payload: Buffer;
}

const fileSchema = z.object({
  version: z.literal(1),
  messages: z.array(
    z.object({
      topic: z.string().min(1),
      qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
      payload: z.string(),
    }),
  ),
});

/**
 * The broker's retained messages mirrored to a JSON file, written atomically a moment after each change
 * (coalescing bursts) and on flush, so they survive a restart of the app.
 */
export class RetainedFile {
  private readonly messages = new Map<string, RetainedMessage>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;
  lastError: string | undefined;

  constructor(
    readonly file: string,
    private readonly debounceMs = 200,
  ) {}

  /** Reads the file; a missing file is an empty set, a damaged one is reported and the .bak tried. */
  async load(): Promise<RetainedMessage[]> {
    await removeStaleTempFiles(this.file);
    for (const candidate of [this.file, `${this.file}.bak`]) {
      let text: string;
      try {
        text = await readFile(candidate, 'utf8');
      } catch {
        continue;
      }
      const parsed = fileSchema.safeParse(safeJson(text));
      if (!parsed.success) {
        this.lastError = `The retained-messages file ${candidate} is damaged; it was ignored.`;
        continue;
      }
      this.messages.clear();
      for (const m of parsed.data.messages) {
        this.messages.set(m.topic, { topic: m.topic, qos: m.qos, payload: Buffer.from(m.payload, 'base64') });
      }
      return [...this.messages.values()];
    }
    return [];
  }

  /** Records a retained publish (an empty payload deletes the topic's retained message). */
  update(topic: string, qos: 0 | 1 | 2, payload: Buffer): void {
    if (payload.length === 0) this.messages.delete(topic);
    else this.messages.set(topic, { topic, qos, payload: Buffer.from(payload) });
    this.dirty = true;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, this.debounceMs);
  }

  get size(): number {
    return this.messages.size;
  }

  /** Writes pending changes now and waits for every write to finish. */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    await this.save();
  }

  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const body = JSON.stringify({
        version: 1,
        messages: [...this.messages.values()].map((m) => ({
          topic: m.topic,
          qos: m.qos,
          payload: m.payload.toString('base64'),
        })),
      });
      try {
        await writeFileAtomic(this.file, body, { backup: true });
        this.lastError = undefined;
      } catch (error) {
        this.dirty = true;
        this.lastError = `Could not save retained messages to ${this.file}: ${(error as Error).message}`;
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
