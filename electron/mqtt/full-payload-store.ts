/**
 * Keeps the whole payload of records that crossed to the UI truncated, so "save full payload" works.
 * Bounded by total bytes: the oldest payloads are forgotten first.
 */
export class FullPayloadStore {
  private readonly payloads = new Map<number, Uint8Array>();
  private bytes = 0;

  constructor(private readonly maxBytes = 512 * 1024 * 1024) {}

  put(recordId: number, payload: Uint8Array): void {
    this.payloads.set(recordId, payload);
    this.bytes += payload.byteLength;
    for (const [id, p] of this.payloads) {
      if (this.bytes <= this.maxBytes || this.payloads.size <= 1) break;
      this.payloads.delete(id);
      this.bytes -= p.byteLength;
    }
  }

  get(recordId: number): Uint8Array | undefined {
    return this.payloads.get(recordId);
  }

  clear(): void {
    this.payloads.clear();
    this.bytes = 0;
  }
}
