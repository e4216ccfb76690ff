import { describe, expect, it } from 'vitest';
import { createLineStamper, formatClock } from './timestamps';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = new TextDecoder();

describe('terminal timestamps', () => {
  it('prefixes each line when its first byte arrives, not when the previous one ends', () => {
    let ms = 0;
    const stamp = createLineStamper(() => new Date(2024, 0, 1, 12, 0, 0, ms));
    const first = dec.decode(stamp(enc('>>> print(1)\r\n')));
    expect(first).toBe('\x1b[2m[12:00:00.000]\x1b[22m >>> print(1)\r\n');
    ms = 250;
    const second = dec.decode(stamp(enc('1\r\n>>> ')));
    expect(second).toBe('\x1b[2m[12:00:00.250]\x1b[22m 1\r\n\x1b[2m[12:00:00.250]\x1b[22m >>> ');
  });

  it('keeps a UTF-8 character split across frames intact', () => {
    const stamp = createLineStamper(() => new Date(2024, 0, 1, 8, 5, 9, 7));
    const bytes = enc('你好\n');
    const a = stamp(bytes.subarray(0, 2));
    const b = stamp(bytes.subarray(2));
    const decoder = new TextDecoder();
    const text = decoder.decode(a, { stream: true }) + decoder.decode(b);
    expect(text).toBe('\x1b[2m[08:05:09.007]\x1b[22m 你好\n');
  });

  it('formats the clock with milliseconds', () => {
    expect(formatClock(new Date(2024, 0, 1, 1, 2, 3, 45))).toBe('01:02:03.045');
  });
});
