/**
 * A ring buffer bounded both by item count and by (estimated) bytes. Items keep an arrival index (0, 1, 2 …
 * since the last clear) so views can refer to them while older ones are evicted. Invariant, always exact:
 * received = held + evicted.
 */
export interface RingLimits {
  maxCount: number;
  maxBytes: number;
}

interface RingCounters {
  received: number;
  held: number;
  evicted: number;
  bytes: number;
}

export class MessageRing<T> {
  private slots: Array<T | undefined>;
  private sizes: Float64Array;
  private first = 0;
  private next = 0;
  private evictedCount = 0;
  private heldBytes = 0;

  constructor(
    readonly limits: RingLimits,
    private readonly sizeOf: (item: T) => number,
  ) {
    if (limits.maxCount < 1 || limits.maxBytes < 1) throw new RangeError('ring limits must be positive');
    this.slots = new Array<T | undefined>(Math.min(limits.maxCount, 1024));
    this.sizes = new Float64Array(this.slots.length);
  }

  /** Arrival index of the oldest item held. */
  get firstIndex(): number {
    return this.first;
  }

  /** Arrival index the next item will get (= received since the last clear). */
  get endIndex(): number {
    return this.next;
  }

  get length(): number {
    return this.next - this.first;
  }

  get counters(): RingCounters {
    return { received: this.next, held: this.next - this.first, evicted: this.evictedCount, bytes: this.heldBytes };
  }

  /** Adds items and evicts the oldest until both limits hold; returns how many were evicted. */
  push(items: readonly T[]): number {
    let evicted = 0;
    for (const item of items) {
      const size = this.sizeOf(item);
      if (this.length >= this.limits.maxCount) evicted += this.evictOne();
      this.ensureCapacity(this.length + 1);
      const slot = this.next % this.slots.length;
      this.slots[slot] = item;
      this.sizes[slot] = size;
      this.heldBytes += size;
      this.next++;
      // An item larger than the byte budget on its own is still kept (the newest is always visible).
      while (this.heldBytes > this.limits.maxBytes && this.length > 1) evicted += this.evictOne();
    }
    return evicted;
  }

  /** The item with this arrival index, or undefined when evicted or not yet received. */
  at(index: number): T | undefined {
    if (index < this.first || index >= this.next) return undefined;
    return this.slots[index % this.slots.length];
  }

  /** Items from the oldest to the newest. */
  *items(): IterableIterator<T> {
    for (let i = this.first; i < this.next; i++) {
      const item = this.slots[i % this.slots.length];
      if (item !== undefined) yield item;
    }
  }

  /** Drops everything and restarts the counters (arrival indexes restart at 0). */
  clear(): void {
    this.slots = new Array<T | undefined>(Math.min(this.limits.maxCount, 1024));
    this.sizes = new Float64Array(this.slots.length);
    this.first = 0;
    this.next = 0;
    this.evictedCount = 0;
    this.heldBytes = 0;
  }

  private evictOne(): number {
    const slot = this.first % this.slots.length;
    this.heldBytes -= this.sizes[slot] ?? 0;
    this.slots[slot] = undefined;
    this.sizes[slot] = 0;
    this.first++;
    this.evictedCount++;
    return 1;
  }

  /** Grows the slot array (doubling, up to maxCount) keeping each index at `index % slots.length`. */
  private ensureCapacity(needed: number): void {
    if (needed <= this.slots.length) return;
    const capacity = Math.min(this.limits.maxCount, Math.max(needed, this.slots.length * 2));
    const slots = new Array<T | undefined>(capacity);
    const sizes = new Float64Array(capacity);
    for (let i = this.first; i < this.next; i++) {
      slots[i % capacity] = this.slots[i % this.slots.length];
      sizes[i % capacity] = this.sizes[i % this.slots.length] ?? 0;
    }
    this.slots = slots;
    this.sizes = sizes;
  }
}
