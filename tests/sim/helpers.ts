/** Test helpers: collect what a simulated module (or a serial port) sends and wait for patterns in it. */
interface ByteSource {
  on(event: 'data', listener: (bytes: Uint8Array) => void): unknown;
}

export class Collector {
  private buffer = '';
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(source: ByteSource) {
    source.on('data', (bytes) => {
      this.buffer += Buffer.from(bytes).toString('latin1');
      this.waiters = this.waiters.filter((w) => {
        if (!w.test()) return true;
        w.resolve();
        return false;
      });
    });
  }

  get text(): string {
    return this.buffer;
  }

  /** Returns and forgets everything received so far. */
  take(): string {
    const t = this.buffer;
    this.buffer = '';
    return t;
  }

  /** Waits until the received text contains `pattern`; returns and forgets the text up to its end. */
  async until(pattern: string | RegExp, timeoutMs = 5000): Promise<string> {
    const find = (): number => {
      if (typeof pattern === 'string') {
        const i = this.buffer.indexOf(pattern);
        return i < 0 ? -1 : i + pattern.length;
      }
      const m = pattern.exec(this.buffer);
      return m ? m.index + m[0].length : -1;
    };
    if (find() < 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new Error(`timed out waiting for ${JSON.stringify(String(pattern))}; got ${JSON.stringify(this.buffer)}`),
          );
        }, timeoutMs);
        this.waiters.push({
          test: () => find() >= 0,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    const end = find();
    const out = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end);
    return out;
  }
}

export const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
