/** Small byte helpers shared by the protocol core and the file operations (no Buffer, so the core stays pure). */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);
export const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

export const concatBytes = (parts: readonly Uint8Array[]): Uint8Array => {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

/** Index of `needle` in `hay` at or after `from`, or -1. */
export const indexOfBytes = (hay: Uint8Array, needle: Uint8Array, from = 0): number => {
  if (needle.length === 0) return from;
  const first = needle[0]!;
  const last = hay.length - needle.length;
  outer: for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
};

export const endsWithBytes = (hay: Uint8Array, tail: Uint8Array): boolean => {
  if (tail.length > hay.length) return false;
  const offset = hay.length - tail.length;
  for (let i = 0; i < tail.length; i++) if (hay[offset + i] !== tail[i]) return false;
  return true;
};

/** A growable byte buffer with cheap appends and consumption from the front. */
export class ByteQueue {
  private buf = new Uint8Array(256);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  push(data: Uint8Array): void {
    if (this.end + data.length > this.buf.length) {
      const live = this.end - this.start;
      if (live + data.length > this.buf.length || this.start === 0) {
        const next = new Uint8Array(Math.max(this.buf.length * 2, live + data.length));
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      } else {
        this.buf.copyWithin(0, this.start, this.end);
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(data, this.end);
    this.end += data.length;
  }

  /** A view of the buffered bytes; valid until the next push or take. */
  view(): Uint8Array {
    return this.buf.subarray(this.start, this.end);
  }

  take(n: number): Uint8Array {
    const count = Math.min(n, this.length);
    const out = this.buf.slice(this.start, this.start + count);
    this.start += count;
    if (this.start === this.end) this.start = this.end = 0;
    return out;
  }

  takeAll(): Uint8Array {
    return this.take(this.length);
  }

  clear(): void {
    this.start = this.end = 0;
  }
}

/** Keeps the last `limit` bytes of a stream (a program's output): older bytes are dropped and counted. */
export class ByteTail {
  private chunks: Uint8Array[] = [];
  private size = 0;
  /** Bytes dropped from the front so far. */
  dropped = 0;

  constructor(private readonly limit: number) {}

  push(data: Uint8Array): void {
    if (!data.length) return;
    this.chunks.push(data);
    this.size += data.length;
    while (this.size > this.limit) {
      const head = this.chunks[0]!;
      const excess = this.size - this.limit;
      if (head.length <= excess) {
        this.chunks.shift();
        this.size -= head.length;
        this.dropped += head.length;
      } else {
        this.chunks[0] = head.slice(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }

  bytes(): Uint8Array {
    return concatBytes(this.chunks);
  }
}
