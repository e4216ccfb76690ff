import { describe, expect, it } from 'vitest';
import { createEventListeners, createListenerSet } from '../../shared/listener-set';

describe('listener sets', () => {
  it('calls every listener with the arguments, and the returned function removes only its own', () => {
    const set = createListenerSet<(a: number, b: string) => void>();
    const seen: string[] = [];
    const first = set.add((a, b) => seen.push(`first ${a} ${b}`));
    set.add((a, b) => seen.push(`second ${a} ${b}`));
    expect(set.size).toBe(2);
    set.emit(1, 'x');
    first();
    first();
    set.emit(2, 'y');
    expect(seen).toEqual(['first 1 x', 'second 1 x', 'second 2 y']);
    expect(set.size).toBe(1);
  });

  it('keeps each event to its own listeners', () => {
    const events = createEventListeners<{ a: number; b: string }>();
    const seen: unknown[] = [];
    const offA = events.on('a', (n) => seen.push(n + 1));
    events.on('b', (s) => seen.push(s.toUpperCase()));
    events.emit('a', 1);
    events.emit('b', 'x');
    offA();
    events.emit('a', 5);
    expect(seen).toEqual([2, 'X']);
  });
});
