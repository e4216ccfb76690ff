import { describe, expect, it } from 'vitest';
import { formatBytes, formatPayload, formatTime, hexDump, parseJsonPayload, previewPayload } from './payload-view';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('payload formatting', () => {
  it('auto shows JSON pretty-printed, text as is, binary as a hex dump', () => {
    expect(formatPayload(utf8('{"a":1,"b":[true,null]}'), 'auto')).toEqual({
      format: 'json',
      text: '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}',
    });
    expect(formatPayload(utf8('hello 你好'), 'auto')).toEqual({ format: 'text', text: 'hello 你好' });
    const binary = formatPayload(new Uint8Array([0xff, 0x00, 0x41]), 'auto');
    expect(binary.format).toBe('hex');
    expect(binary.text).toBe('00000000  ff 00 41' + ' '.repeat(39) + '  ..A');
  });

  it('says when the asked format does not fit', () => {
    expect(formatPayload(utf8('not json'), 'json')).toEqual({ format: 'text', text: 'not json', problem: 'not-json' });
    expect(formatPayload(new Uint8Array([0xc3, 0x28]), 'text').problem).toBe('not-utf8');
  });

  it('base64 and hex of the same bytes', () => {
    expect(formatPayload(new Uint8Array([1, 2, 10, 255]), 'base64').text).toBe('AQIK/w==');
    expect(hexDump(new Uint8Array(17).fill(0x61)).split('\n')).toHaveLength(2);
  });

  it('row previews are one line and cut with an ellipsis', () => {
    expect(previewPayload(utf8('{\n  "a": 1\n}'), 'auto')).toBe('{ "a": 1 }');
    const long = previewPayload(utf8('x'.repeat(1000)), 'text', 50);
    expect(long).toHaveLength(50);
    expect(long.endsWith('…')).toBe(true);
    expect(previewPayload(new Uint8Array([0xde, 0xad, 0xbe, 0xef]), 'auto')).toBe('de ad be ef');
    expect(previewPayload(new Uint8Array([0xde, 0xad]), 'hex')).toBe('de ad');
    expect(previewPayload(new Uint8Array([]), 'auto')).toBe('');
  });

  it('parses JSON payloads only', () => {
    expect(parseJsonPayload(utf8('{"t":20}'))).toEqual({ t: 20 });
    expect(parseJsonPayload(utf8('20'))).toBeUndefined();
  });

  it('sizes and times', () => {
    expect(formatBytes(200)).toBe('200 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(formatTime(new Date(2026, 0, 2, 3, 4, 5, 67).getTime())).toBe('03:04:05.067');
  });
});
