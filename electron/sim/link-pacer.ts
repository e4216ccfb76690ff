/**
 * Delivers bytes in order at the pace of the emulated link: an N-baud 8N1 UART (10 bit times per byte) or, without a
 * baud rate, a USB-like link that is fast but has a small per-transfer latency.
 */
interface LinkTiming {
  baud?: number | undefined;
  latencyMs?: number | undefined;
}

export class LinkPacer {
  private queue: Uint8Array[] = [];
  private queued = 0;
  /** When the line is free again (performance.now() ms). */
  private lineClock = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private markers: { afterQueued: number; fn: () => void }[] = [];

  constructor(
    private readonly timing: LinkTiming,
    private readonly deliver: (bytes: Uint8Array) => void,
  ) {}

  private get msPerByte(): number {
    return this.timing.baud ? 10_000 / this.timing.baud : 0;
  }

  push(bytes: Uint8Array): void {
    if (this.closed || bytes.length === 0) return;
    if (!this.timing.baud) {
      const latency = this.timing.latencyMs ?? 1;
      const copy = bytes.slice();
      if (latency <= 0) this.deliver(copy);
      else setTimeout(() => this.closed || this.deliver(copy), latency);
      return;
    }
    if (this.queued === 0) this.lineClock = Math.max(this.lineClock, performance.now());
    this.queue.push(bytes.slice());
    this.queued += bytes.length;
    this.schedule();
  }

  /** Calls fn once everything pushed so far has been delivered. */
  pushMarker(fn: () => void): void {
    if (this.closed) return;
    if (!this.timing.baud) {
      const latency = this.timing.latencyMs ?? 1;
      if (latency <= 0) fn();
      else setTimeout(() => this.closed || fn(), latency);
      return;
    }
    if (this.queued === 0) fn();
    else this.markers.push({ afterQueued: this.queued, fn });
  }

  private schedule(): void {
    if (this.timer || this.queued === 0) return;
    const wait = Math.max(1, this.msPerByte * Math.min(this.queued, 16));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wait);
  }

  private pump(): void {
    if (this.closed) return;
    const now = performance.now();
    let budget = Math.floor((now - this.lineClock) / this.msPerByte);
    const out: Uint8Array[] = [];
    let sent = 0;
    while (budget > 0 && this.queue.length > 0) {
      const head = this.queue[0];
      if (!head) break;
      if (head.length <= budget) {
        out.push(head);
        this.queue.shift();
        budget -= head.length;
        sent += head.length;
      } else {
        out.push(head.subarray(0, budget));
        this.queue[0] = head.subarray(budget);
        sent += budget;
        budget = 0;
      }
    }
    this.queued -= sent;
    this.lineClock += sent * this.msPerByte;
    const due: (() => void)[] = [];
    this.markers = this.markers.filter((m) => {
      m.afterQueued -= sent;
      if (m.afterQueued > 0) return true;
      due.push(m.fn);
      return false;
    });
    if (out.length > 0) {
      const joined = new Uint8Array(sent);
      let offset = 0;
      for (const part of out) {
        joined.set(part, offset);
        offset += part.length;
      }
      this.deliver(joined);
    }
    for (const fn of due) fn();
    this.schedule();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue = [];
    this.queued = 0;
    this.markers = [];
  }
}
