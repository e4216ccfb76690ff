/** Payload codecs shared by the backend (publish) and the UI (display): pure, Uint8Array only. */
import { AppError } from '../errors';
import { isWellFormedString } from './topic';

export const PAYLOAD_FORMATS = ['text', 'json', 'hex', 'base64'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** The protocol's ceiling for a whole packet (variable byte integer): 256 MB minus one byte. */
export const MQTT_MAX_PACKET_BYTES = 268_435_455;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export const utf8Encode = (text: string): Uint8Array => encoder.encode(text);

/** The text when the bytes are valid UTF-8, else null. */
export const utf8DecodeStrict = (bytes: Uint8Array): string | null => {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
};

export const bytesToHex = (bytes: Uint8Array, separator = ''): string => {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = HEX[bytes[i] ?? 0] ?? '00';
  return parts.join(separator);
};

/** Accepts "0A1b", "0a 1b", "0a:1b", "0x0a 0x1b"; anything else is an INVALID_PAYLOAD error. */
export const hexToBytes = (input: string): Uint8Array => {
  const cleaned = input.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  const badChar = cleaned.search(/[^0-9a-fA-F]/);
  if (badChar >= 0) {
    throw new AppError(
      'INVALID_PAYLOAD',
      `The hex payload has a character that is not a hex digit ("${cleaned.charAt(badChar)}"): use only 0-9 and a-f, optionally separated by spaces.`,
    );
  }
  if (cleaned.length % 2 !== 0) {
    throw new AppError(
      'INVALID_PAYLOAD',
      `The hex payload has an odd number of digits (${cleaned.length}): every byte needs two digits, e.g. "0a" not "a".`,
    );
  }
  const out = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(cleaned.slice(i * 2, i * 2 + 2), 16);
  return out;
};

export const bytesToBase64 = (bytes: Uint8Array): string => {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return out;
};

/** Standard or URL-safe base64, whitespace ignored, padding optional; anything else is INVALID_PAYLOAD. */
export const base64ToBytes = (input: string): Uint8Array => {
  const cleaned = input.replace(/\s/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const body = cleaned.replace(/=+$/, '');
  const padding = cleaned.length - body.length;
  const invalid = (why: string) =>
    new AppError(
      'INVALID_PAYLOAD',
      `The base64 payload is malformed: ${why}. Paste the base64 text exactly as encoded.`,
    );
  if (padding > 2) throw invalid('it has more than two "=" at the end');
  if (padding > 0 && cleaned.length % 4 !== 0) throw invalid('its padded length is not a multiple of 4');
  if (body.length % 4 === 1) throw invalid('its length is not possible for base64 (one character too many or few)');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const v = code < 128 ? (B64_INDEX[code] ?? -1) : -1;
    if (v < 0) throw invalid(`"${body.charAt(i)}" at position ${i + 1} is not a base64 character`);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
};

/** Turns what the user typed into bytes, checking it against the format they picked. */
export const encodePayload = (input: string, format: PayloadFormat): Uint8Array => {
  switch (format) {
    case 'text':
      if (!isWellFormedString(input)) {
        throw new AppError('INVALID_PAYLOAD', 'The text payload holds a broken character (lone surrogate): retype it.');
      }
      return utf8Encode(input);
    case 'json':
      try {
        JSON.parse(input);
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        throw new AppError(
          'INVALID_PAYLOAD',
          `The payload is not valid JSON (${detail}): fix it, or choose the text format to send it as is.`,
        );
      }
      return utf8Encode(input);
    case 'hex':
      return hexToBytes(input);
    case 'base64':
      return base64ToBytes(input);
  }
};

/** How a payload is best shown: JSON when it parses, text when UTF-8, else binary (hex/base64). */
type PayloadKind = 'empty' | 'json' | 'text' | 'binary';

export const classifyPayload = (bytes: Uint8Array): { kind: PayloadKind; text: string | null } => {
  if (bytes.length === 0) return { kind: 'empty', text: '' };
  const text = utf8DecodeStrict(bytes);
  if (text === null) return { kind: 'binary', text: null };
  const first = text.trimStart().charAt(0);
  if (first === '{' || first === '[') {
    try {
      JSON.parse(text);
      return { kind: 'json', text };
    } catch {
      return { kind: 'text', text };
    }
  }
  return { kind: 'text', text };
};

/** Pretty-printed JSON, or null when the bytes are not JSON. */
export const prettyJson = (bytes: Uint8Array, indent = 2): string | null => {
  const text = utf8DecodeStrict(bytes);
  if (text === null) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, indent);
  } catch {
    return null;
  }
};
