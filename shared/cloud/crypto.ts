import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';

export type HashName = 'md5' | 'sha1' | 'sha256';

const HASHES = { md5, sha1, sha256 } as const;
const encoder = new TextEncoder();

export const utf8 = (text: string): Uint8Array => encoder.encode(text);

export const hmacBytes = (hash: HashName, key: Uint8Array | string, message: Uint8Array | string): Uint8Array =>
  hmac(HASHES[hash], typeof key === 'string' ? utf8(key) : key, typeof message === 'string' ? utf8(message) : message);

export const toHex = (bytes: Uint8Array): string => {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
};

/** Compares two strings in time independent of where they differ. */
export const constantTimeEqual = (a: string, b: string): boolean => {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
};
