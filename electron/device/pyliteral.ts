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
 * Bytes that cannot appear raw inside a bytes literal sent through the raw REPL: Ctrl-A…Ctrl-E drive the REPL
 * (Ctrl-C/Ctrl-D end a raw-paste), NUL is avoided for old lexers, CR/LF end the literal, and the quote and
 * backslash are syntax. The control bytes use short octal escapes (`\\3`), three digits when an octal digit follows.
 */
const SHORT_ESCAPES: (string | null)[] = Array.from({ length: 256 }, (_, b) => {
  if (b <= 0x05) return `\\${b}`;
  if (b === 0x0a) return '\\n';
  if (b === 0x0d) return '\\r';
  if (b === 0x27) return "\\'";
  if (b === 0x5c) return '\\\\';
  return null;
});
const isOctalDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x37;

const escapeLength = (b: number, next: number | undefined): number => {
  const e = SHORT_ESCAPES[b];
  if (!e) return 1;
  return b <= 0x05 && isOctalDigit(next) ? 4 : e.length;
};

/** Encoded size of `data` as an 8-bit bytes literal (without the b'' around it). */
export const bytesLiteralSize = (data: Uint8Array): number => {
  let size = 0;
  for (let i = 0; i < data.length; i++) size += escapeLength(data[i]!, data[i + 1]);
  return size;
};

/**
 * `b'…'` holding `data` with every byte ≥ 0x06 except CR, LF, quote and backslash sent as itself: about 1.05×
 * the size for random data, against 1.33× for base64. Only used after a probe showed the link and the lexer
 * keep such bytes intact.
 */
export const bytesLiteral = (data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(bytesLiteralSize(data) + 3);
  out[0] = 0x62; // b
  out[1] = 0x27; // '
  let o = 2;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    const e = SHORT_ESCAPES[b];
    if (!e) {
      out[o++] = b;
    } else if (b <= 0x05) {
      out[o++] = 0x5c;
      if (isOctalDigit(data[i + 1])) {
        out[o++] = 0x30;
        out[o++] = 0x30;
      }
      out[o++] = 0x30 + b;
    } else {
      for (let k = 0; k < e.length; k++) out[o++] = e.charCodeAt(k);
    }
  }
  out[o] = 0x27;
  return out;
};

/** `b'<base64>'` for the portable path (decoded on the module with a2b_base64). */
export const base64Literal = (data: Uint8Array): Uint8Array => utf8(`b'${bytesToBase64(data)}'`);

/** Every byte value once, for the probe that decides between the 8-bit and the base64 encoding. */
export const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
