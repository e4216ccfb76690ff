import { expect } from 'vitest';

/** What Python makes of b'…' (the quotes included): the escapes bytesLiteral writes, and every other byte as itself. */
export const decodeBytesLiteral = (literal: Uint8Array): Buffer => {
  expect(literal[0]).toBe(0x27);
  expect(literal[literal.length - 1]).toBe(0x27);
  const out: number[] = [];
  const named: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x27: 0x27, 0x5c: 0x5c };
  for (let i = 1; i < literal.length - 1; i++) {
    const b = literal[i]!;
    if (b !== 0x5c) {
      out.push(b);
      continue;
    }
    const next = literal[++i]!;
    if (next in named) {
      out.push(named[next]!);
      continue;
    }
    let value = 0;
    let digits = 0;
    while (digits < 3 && literal[i]! >= 0x30 && literal[i]! <= 0x37) {
      value = value * 8 + literal[i++]! - 0x30;
      digits++;
    }
    expect(digits).toBeGreaterThan(0);
    i--;
    out.push(value);
  }
  return Buffer.from(out);
};
