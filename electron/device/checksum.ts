import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { DeviceInfo } from '../../shared/api/device';

type HashKind = DeviceInfo['hash'];

/** Adler-32, the fallback checksum the module computes in plain Python when it has neither sha256 nor crc32. */
export const adler32 = (data: Uint8Array): number => {
  let a = 1;
  let b = 0;
  const NMAX = 5552;
  for (let i = 0; i < data.length;) {
    const end = Math.min(data.length, i + NMAX);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
};

/** The digest the module prints for `kind`: sha256 as lower-case hex, the checksums as decimal numbers. */
export const digest = (kind: HashKind, data: Uint8Array): string => {
  if (kind === 'sha256') return createHash('sha256').update(data).digest('hex');
  if (kind === 'crc32') return String(crc32(data) >>> 0);
  return String(adler32(data));
};
