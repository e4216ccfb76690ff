import { isBase64 } from '../../codec/base64';
import { formatUnixSeconds, isExpired } from '../expiry';
import type { Bilingual } from '../types';
import type { CredentialCheckResult, DecodedPart } from './types';

export const part = (key: string, label: Bilingual, value: string, note?: Bilingual): DecodedPart =>
  note ? { key, label, value, note } : { key, label, value };

/** "2023-01-07T01:00:48.000Z (expired)" / "… (valid)". */
export const expiryNote = (seconds: number, nowMs: number): Bilingual => {
  const date = formatUnixSeconds(seconds);
  return isExpired(seconds, nowMs)
    ? { en: `${date}: expired, the cloud will refuse it`, zh: `${date}：已过期，云平台会拒绝` }
    : { en: `${date}: not expired yet`, zh: `${date}：尚未过期` };
};

export const isBase64Text = (v: string): boolean => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && isBase64(v);

/** Seconds ↔ milliseconds spellings of a unix time, for "timestamp in ms vs s" variants. */
export const unitVariants = (digits: string): Array<{ value: string; en: string; zh: string }> => {
  const out: Array<{ value: string; en: string; zh: string }> = [];
  if (/^\d{13,}$/.test(digits))
    out.push({
      value: digits.slice(0, -3),
      en: 'in seconds (it looks like milliseconds)',
      zh: '以秒为单位（现在像是毫秒）',
    });
  if (/^\d{9,11}$/.test(digits))
    out.push({
      value: `${digits}000`,
      en: 'in milliseconds (it looks like seconds)',
      zh: '以毫秒为单位（现在像是秒）',
    });
  return out;
};

export const result = (
  r: Omit<CredentialCheckResult, 'expired'> & { expiresAt?: number },
  nowMs: number,
): CredentialCheckResult => ({ ...r, expired: r.expiresAt !== undefined && isExpired(r.expiresAt, nowMs) });
