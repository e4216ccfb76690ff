import { describe, expect, it } from 'vitest';
import { MessageRing } from './mqttRing';

const bytesOf = (s: string) => s.length;

describe('MessageRing', () => {
  it('keeps everything below both limits and counts received = held + evicted', () => {
    const ring = new MessageRing<string>({ maxCount: 10, maxBytes: 1000 }, bytesOf);
    ring.push(['a', 'bb', 'ccc']);
    expect(ring.counters).toEqual({ received: 3, held: 3, evicted: 0, bytes: 6 });
    expect([...ring.items()]).toEqual(['a', 'bb', 'ccc']);
    expect(ring.at(0)).toBe('a');
    expect(ring.at(3)).toBeUndefined();
  });

  it('evicts the oldest by count, keeping arrival indexes stable', () => {
    const ring = new MessageRing<string>({ maxCount: 3, maxBytes: 1000 }, bytesOf);
    ring.push(['1', '2', '3', '4', '5']);
    expect(ring.counters).toEqual({ received: 5, held: 3, evicted: 2, bytes: 3 });
    expect(ring.firstIndex).toBe(2);
    expect(ring.at(1)).toBeUndefined();
    expect(ring.at(2)).toBe('3');
    expect([...ring.items()]).toEqual(['3', '4', '5']);
  });

  it('evicts the oldest by bytes, and returns how many each push evicted', () => {
    const ring = new MessageRing<string>({ maxCount: 100, maxBytes: 10 }, bytesOf);
    expect(ring.push(['xxxx', 'yyyy'])).toBe(0);
    expect(ring.push(['zzzz'])).toBe(1);
    expect([...ring.items()]).toEqual(['yyyy', 'zzzz']);
    expect(ring.counters).toEqual({ received: 3, held: 2, evicted: 1, bytes: 8 });
  });

  it('keeps a single item bigger than the byte budget (the newest stays visible)', () => {
    const ring = new MessageRing<string>({ maxCount: 100, maxBytes: 5 }, bytesOf);
    ring.push(['ab', 'this is too big']);
    expect([...ring.items()]).toEqual(['this is too big']);
    expect(ring.counters.evicted).toBe(1);
  });

  it('holds the invariant over a long random run while growing its storage', () => {
    const ring = new MessageRing<string>({ maxCount: 5000, maxBytes: 60_000 }, bytesOf);
    let pushed = 0;
    for (let round = 0; round < 300; round++) {
      const batch = Array.from({ length: (round * 37) % 97 }, (_, i) => 'x'.repeat(((round + i) % 30) + 1));
      ring.push(batch);
      pushed += batch.length;
      const c = ring.counters;
      expect(c.received).toBe(pushed);
      expect(c.received).toBe(c.held + c.evicted);
      expect(c.held).toBeLessThanOrEqual(5000);
      expect(c.bytes).toBeLessThanOrEqual(60_000);
      expect(c.bytes).toBe([...ring.items()].reduce((n, s) => n + s.length, 0));
    }
  });

  it('clear restarts the counters and the indexes', () => {
    const ring = new MessageRing<string>({ maxCount: 2, maxBytes: 100 }, bytesOf);
    ring.push(['a', 'b', 'c']);
    ring.clear();
    expect(ring.counters).toEqual({ received: 0, held: 0, evicted: 0, bytes: 0 });
    ring.push(['d']);
    expect(ring.at(0)).toBe('d');
  });

  it('rejects limits that cannot hold anything', () => {
    expect(() => new MessageRing<string>({ maxCount: 0, maxBytes: 10 }, bytesOf)).toThrow(RangeError);
  });
});
