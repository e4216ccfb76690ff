import { bytesToBase64 } from '../../shared/codec/base64';
import { utf8 } from './bytes';

/**
 * A Python str literal for `text`. Non-ASCII characters go through as UTF-8 (MicroPython's lexer is 8-bit
 * clean), so paths with Chinese names stay readable and short; quotes, backslashes and control characters are
 * escaped.
 */
export const pyDeviceStr = (text: string): string => {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + "'";
};

/**
 * Bytes that cannot appear raw inside a bytes literal sent through the raw REPL: Ctrl-A…Ctrl-D drive the plain raw
 * REPL (Ctrl-C/Ctrl-D also end a raw-paste), NUL is avoided for old lexers, CR/LF end the literal, and the quote and
 * backslash are syntax. Ctrl-E goes as itself: pyexec.c acts on it only as the first byte of an exec (the raw-paste
 * request) and passes it through anywhere else. The control bytes use short octal escapes (`\\3`), three digits
 * when an octal digit follows.
 */
const ESCAPED = /[\x00-\x04\n\r'\\]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', "'": "\\'", '\\': '\\\\' };
const isOctalDigit = (b: number) => b >= 0x30 && b <= 0x37;

/**
 * `b'…'` holding `data` with every byte ≥ 0x05 except CR, LF, quote and backslash sent as itself: about 1.035×
 * the size for random data, against 1.33× for base64. Only used after a probe showed the link and the lexer
 * keep such bytes intact. Escapes by a native regex pass over the bytes as latin1 text: a CLI runs this once,
 * before the JIT has warmed up, and a loop in JavaScript over every byte cost it milliseconds per 8 KiB.
 */
export const bytesLiteral = (data: Uint8Array): Uint8Array => {
  const text = Buffer.from(data.buffer, data.byteOffset, data.length).toString('latin1');
  const escaped = text.replace(ESCAPED, (c: string, at: number) => {
    const b = c.charCodeAt(0);
    if (b > 0x04) return NAMED_ESCAPES[c]!;
    return isOctalDigit(text.charCodeAt(at + 1)) ? `\\00${b}` : `\\${b}`;
  });
  return Buffer.from(`b'${escaped}'`, 'latin1');
};

/** `b'<base64>'` for the portable path (decoded on the module with a2b_base64). */
export const base64Literal = (data: Uint8Array): Uint8Array => utf8(`b'${bytesToBase64(data)}'`);

/** Every byte value once, for the probe that decides between the 8-bit and the base64 encoding. */
export const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
