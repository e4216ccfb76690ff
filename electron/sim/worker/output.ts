import { CTRL, OUTPUT_RING_SIZE } from '../types';

/**
 * The module's UART transmit side: a ring buffer in shared memory that the host drains on its own clock, so output
 * keeps flowing while Python code runs. Lone '\n' becomes '\r\n' as the device's cooked stdout does.
 */
export class Output {
  private lastByte = 0;
  /** While set, bytes are thrown away (boot chatter of the upstream interpreter). */
  suppress = false;
  /** While set, bytes go out exactly as written (binary stdout), bypassing cooking and the frame filter. */
  binary = false;
  /** Bytes still to drop from the front of the next output (raw-paste: the 'OK' pyexec prints). */
  private dropPrefix: number[] = [];
  private capture: number[] | undefined;
  /** Traceback lines of the simulator's own plumbing (a device's C code leaves no frames). */
  private static readonly HIDDEN_FRAMES = ['  File "/qpylib/_qpy', '  File "/.frozen/qpy_'].map((p) => [
    ...new TextEncoder().encode(p),
  ]);
  private held: number[] = [];
  private atLineStart = true;
  private dropping = false;

  constructor(
    private readonly ctrl: Int32Array,
    private readonly ring: Uint8Array,
  ) {}

  byte(b: number): void {
    if (this.suppress && !this.capture) return;
    if (this.dropPrefix.length > 0) {
      if (this.dropPrefix[0] === b) {
        this.dropPrefix.shift();
        return;
      }
      this.dropPrefix = [];
    }
    if (this.binary && !this.capture) {
      this.lastByte = b;
      for (const h of this.held) this.transmit(h);
      this.held = [];
      this.dropping = false;
      this.transmit(b);
      return;
    }
    if (b === 0x0a && this.lastByte !== 0x0d) this.raw(0x0d);
    this.raw(b);
  }

  private raw(b: number): void {
    this.lastByte = b;
    if (this.capture) {
      this.capture.push(b);
      return;
    }
    this.filter(b);
  }

  private filter(b: number): void {
    if (this.dropping) {
      if (b === 0x0a) {
        this.dropping = false;
        this.atLineStart = true;
      }
      return;
    }
    if (this.held.length > 0 || (this.atLineStart && b === 0x20)) {
      this.held.push(b);
      const held = this.held;
      const candidates = Output.HIDDEN_FRAMES.filter((p) => held.every((h, i) => p[i] === h));
      if (candidates.length > 0) {
        if (candidates.some((p) => p.length === held.length)) {
          this.held = [];
          this.dropping = true;
        }
        return;
      }
      this.held = [];
      for (const h of held) this.transmit(h);
      return;
    }
    this.transmit(b);
  }

  private transmit(b: number): void {
    this.atLineStart = b === 0x0a;
    const head = Atomics.load(this.ctrl, CTRL.OUT_HEAD);
    // a full transmit buffer blocks the writer, as a UART driver does
    while (((head - Atomics.load(this.ctrl, CTRL.OUT_TAIL)) | 0) >= OUTPUT_RING_SIZE) {
      Atomics.wait(this.ctrl, CTRL.OUT_TAIL, Atomics.load(this.ctrl, CTRL.OUT_TAIL), 5);
    }
    this.ring[(head >>> 0) % OUTPUT_RING_SIZE] = b;
    Atomics.store(this.ctrl, CTRL.OUT_HEAD, (head + 1) | 0);
  }

  write(text: string | Uint8Array | number[]): void {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    for (const b of bytes) this.raw(b);
  }

  dropNext(prefix: string): void {
    this.dropPrefix = [...new TextEncoder().encode(prefix)];
  }

  startCapture(): void {
    this.capture = [];
  }

  endCapture(): Uint8Array {
    const bytes = new Uint8Array(this.capture ?? []);
    this.capture = undefined;
    return bytes;
  }

  /** Kept for call sites that mark a natural end of output; the host drains continuously. */
  flush(): void {}
}
