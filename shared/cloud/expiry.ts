import type { CloudInput } from './types';
import { reject, optional } from './validate';

/** An expiry or timestamp as typed: the digits go into the signed string verbatim, `seconds` is for display. */
interface UnixSeconds {
  text: string;
  seconds: number;
}

/**
 * A unix-seconds field with no upper bound: the clouds document none (OneNET `et` "int, unix time"; Tencent's C SDK
 * signs with 92233720368547758), so values past 2038 or 2106 are signed as typed. A time in the past is accepted
 * too: the credentials are computed and marked expired (see `expiryWarning`).
 */
export const unixSecondsField = (input: CloudInput, field: string, what: string): UnixSeconds | undefined => {
  const v = optional(input, field);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) {
    reject(field, `${what} is unix seconds, digits only (got "${v}"), e.g. 1893456000.`, 'unixSeconds', {
      what,
      value: v,
    });
    return undefined;
  }
  const text = v.replace(/^0+(?=\d)/, '');
  return { text, seconds: Number(text) };
};

/** `seconds` as an ISO date, or words when it is past what a JavaScript Date holds (year 275760). */
export const formatUnixSeconds = (seconds: number): string => {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? `after the year 275760 (${seconds} s)` : d.toISOString();
};

export const isExpired = (expiresAtS: number, nowMs: number): boolean => expiresAtS * 1000 <= nowMs;

/** The warning to print with credentials whose expiry has passed; undefined while they are valid. */
export const expiryWarning = (expiresAtS: number | undefined, nowMs: number): string | undefined =>
  expiresAtS !== undefined && isExpired(expiresAtS, nowMs)
    ? `expired on ${formatUnixSeconds(expiresAtS)}: the cloud will refuse it (pick a later expiry to connect).`
    : undefined;
