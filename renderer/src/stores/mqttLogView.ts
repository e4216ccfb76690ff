/** Where a view reads items: the live ring, or a frozen copy while the log is paused. */
export interface IndexedSource<T> {
  readonly firstIndex: number;
  readonly endIndex: number;
  at(index: number): T | undefined;
}

/** A frozen list of items (the log's content at the moment it was paused). */
export const frozenSource = <T>(items: readonly T[]): IndexedSource<T> => ({
  firstIndex: 0,
  endIndex: items.length,
  at: (index) => items[index],
});

/**
 * The filtered view of a source, kept incrementally: new items are tested once as they arrive, evicted ones
 * drop off the front, and a new filter rescans in time-boxed slices so typing never blocks a frame.
 */
export class FilteredView<T> {
  private predicate: ((item: T) => boolean) | null = null;
  private matches: number[] = [];
  private start = 0;
  private scanPos = 0;
  private evictedMatches = 0;

  constructor(private source: IndexedSource<T>) {}

  get current(): IndexedSource<T> {
    return this.source;
  }

  /** Starts over with a new source and/or predicate (null: everything matches, no per-item work). */
  reset(source: IndexedSource<T>, predicate: ((item: T) => boolean) | null): void {
    this.source = source;
    this.predicate = predicate;
    this.matches = [];
    this.start = 0;
    this.scanPos = source.firstIndex;
    this.evictedMatches = 0;
  }

  /** Items that matched the filter and then left the source (evicted from the log) since the last reset. */
  get evicted(): number {
    return this.evictedMatches;
  }

  /**
   * Catches up with the source; `outOfTime` is asked every 512 items. Returns true when every item has been
   * tested (false: call again next frame).
   */
  sync(outOfTime: () => boolean = () => false): boolean {
    const source = this.source;
    const first = source.firstIndex;
    while (this.start < this.matches.length && this.matches[this.start]! < first) {
      this.start++;
      this.evictedMatches++;
    }
    if (this.start > 4096 && this.start * 2 > this.matches.length) {
      this.matches = this.matches.slice(this.start);
      this.start = 0;
    }
    if (this.scanPos < first) this.scanPos = first;
    const predicate = this.predicate;
    if (!predicate) {
      this.scanPos = source.endIndex;
      return true;
    }
    const end = source.endIndex;
    let n = 0;
    while (this.scanPos < end) {
      const item = source.at(this.scanPos);
      if (item !== undefined && predicate(item)) this.matches.push(this.scanPos);
      this.scanPos++;
      if ((++n & 511) === 0 && outOfTime()) break;
    }
    return this.scanPos >= end;
  }

  get scanning(): boolean {
    return this.predicate !== null && this.scanPos < this.source.endIndex;
  }

  get filtered(): boolean {
    return this.predicate !== null;
  }

  /** Items currently in the view. */
  get count(): number {
    if (!this.predicate) return Math.max(0, Math.min(this.scanPos, this.source.endIndex) - this.source.firstIndex);
    return this.matches.length - this.start;
  }

  /** The i-th item of the view (0 = oldest). */
  itemAt(i: number): T | undefined {
    if (!this.predicate) return this.source.at(this.source.firstIndex + i);
    const index = this.matches[this.start + i];
    return index === undefined ? undefined : this.source.at(index);
  }

  /** Every item of the view, oldest first (for export). */
  *items(): IterableIterator<T> {
    const count = this.count;
    for (let i = 0; i < count; i++) {
      const item = this.itemAt(i);
      if (item !== undefined) yield item;
    }
  }
}
