import { describe, expect, it } from 'vitest';
import { createWireCodec } from '../../shared/api/wire';
import { base64ToBytes, bytesToBase64, isBase64 } from '../../shared/codec/base64';

describe('base64 (pure)', () => {
  it('matches Node for every length and byte value', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 0xff);
      const encoded = bytesToBase64(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(base64ToBytes(encoded))).toEqual(Array.from(bytes));
    }
  });

  it('names the first bad character', () => {
    expect(() => base64ToBytes('abc$')).toThrow(/'\$' at position 4/);
    expect(isBase64('aGVsbG8=')).toBe(true);
    expect(isBase64('aGVsbG8=x')).toBe(false);
  });
});

describe('wire codec', () => {
  const codec = createWireCodec({ encode: bytesToBase64, decode: base64ToBytes });
  it('round-trips binary payloads inside results and events', () => {
    const payload = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = codec.stringify({ t: 'event', name: 'x', payload: { data: payload, nested: [Buffer.from([1, 2])] } });
    const back = codec.parse<{ t: 'event'; name: string; payload: { data: Uint8Array; nested: Uint8Array[] } }>(text);
    expect(back.payload.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.payload.data)).toEqual(Array.from(payload));
    expect(Array.from(back.payload.nested[0]!)).toEqual([1, 2]);
  });

  it('leaves ordinary objects that merely have a $bytes key alongside others alone', () => {
    const text = codec.stringify({ t: 'result', id: 1, result: { ok: true, value: { $bytes: 'AA==', other: 1 } } });
    expect(codec.parse<{ t: 'result'; id: number; result: { ok: true; value: unknown } }>(text).result.value).toEqual({
      $bytes: 'AA==',
      other: 1,
    });
  });
});
