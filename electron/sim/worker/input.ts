import { CTRL, INPUT_RING_SIZE } from '../types';

/** The module's UART receive side: a ring buffer the host fills, with a signal word to sleep on. */
export class Input {
  constructor(
    private readonly ctrl: Int32Array,
    private readonly ring: Uint8Array,
  ) {}

  available(): boolean {
    return Atomics.load(this.ctrl, CTRL.IN_HEAD) !== Atomics.load(this.ctrl, CTRL.IN_TAIL);
  }

  /** Next byte, or undefined when none is waiting. */
  take(): number | undefined {
    const tail = Atomics.load(this.ctrl, CTRL.IN_TAIL);
    if (Atomics.load(this.ctrl, CTRL.IN_HEAD) === tail) return undefined;
    const b = this.ring[(tail >>> 0) % INPUT_RING_SIZE];
    Atomics.store(this.ctrl, CTRL.IN_TAIL, (tail + 1) | 0);
    return b;
  }

  signal(): number {
    return Atomics.load(this.ctrl, CTRL.SIGNAL);
  }

  /** Sleeps until the host signals (input, Ctrl-C, network, reply) or the timeout passes. */
  waitSignal(seen: number, timeoutMs?: number): void {
    Atomics.wait(this.ctrl, CTRL.SIGNAL, seen, timeoutMs);
  }

  interruptPending(): boolean {
    return Atomics.load(this.ctrl, CTRL.INTERRUPT) !== 0;
  }

  clearInterrupt(): void {
    Atomics.store(this.ctrl, CTRL.INTERRUPT, 0);
  }

  /** Blocks for the next byte; returns 'interrupt' when the host raised KeyboardInterrupt meanwhile. */
  takeBlocking(): number | 'interrupt' {
    for (;;) {
      const seen = this.signal();
      const b = this.take();
      if (b !== undefined) return b;
      if (this.interruptPending()) return 'interrupt';
      this.waitSignal(seen);
    }
  }
}
