import { concatBytes } from './bytes';

/**
 * Batches bytes into frames: the first byte starts a timer of `frameMs`, and everything that arrives before it
 * fires goes out as one frame (or earlier, when `maxBytes` pile up). The UI gets ~30–60 frames a second at
 * most, never one event per byte.
 */
export class TerminalFrameBatcher {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly emit: (frame: Uint8Array) => void,
    private readonly frameMs = 16,
    private readonly maxBytes = 64 * 1024,
  ) {}

  push(data: Uint8Array): void {
    if (!data.length) return;
    this.chunks.push(data.slice());
    this.size += data.length;
    if (this.size >= this.maxBytes) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.frameMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.size) return;
    const frame = concatBytes(this.chunks);
    this.chunks = [];
    this.size = 0;
    this.emit(frame);
  }

  dispose(): void {
    this.flush();
  }
}
