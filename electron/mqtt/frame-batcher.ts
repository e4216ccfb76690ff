import type { MqttMessageFrame, MqttRecord } from '../../shared/api/mqtt';

interface FrameBatcherOptions {
  sessionId: string;
  emit: (frame: MqttMessageFrame) => void;
  /** Longest a record waits before its frame leaves. */
  intervalMs?: number;
  /** A frame leaves at once when it holds this many records... */
  maxRecords?: number;
  /** ...or this many payload bytes. */
  maxBytes?: number;
}

/**
 * Collects records and emits them as frames: one timer per pending frame, so an idle session costs nothing
 * and a busy one produces ~30 frames/s whatever the message rate.
 */
export class FrameBatcher {
  private readonly intervalMs: number;
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  private pending: MqttRecord[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private totals = { in: 0, out: 0, frames: 0, bytes: 0 };

  constructor(private readonly options: FrameBatcherOptions) {
    this.intervalMs = options.intervalMs ?? 33;
    this.maxRecords = options.maxRecords ?? 2_000;
    this.maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  }

  push(record: MqttRecord): void {
    this.pending.push(record);
    this.pendingBytes += record.payload.byteLength;
    if (this.pending.length >= this.maxRecords || this.pendingBytes >= this.maxBytes) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
    }
  }

  /** Emits whatever is pending now (also used on disconnect so nothing is left behind). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const r of records) {
      if (r.direction === 'in') this.totals.in++;
      else this.totals.out++;
      this.totals.bytes += r.size;
    }
    this.totals.frames++;
    this.options.emit({
      sessionId: this.options.sessionId,
      seq: ++this.seq,
      records,
      totals: { ...this.totals },
    });
  }

  get counts(): Readonly<{ in: number; out: number; frames: number; bytes: number }> {
    return this.totals;
  }

  dispose(): void {
    this.flush();
  }
}
