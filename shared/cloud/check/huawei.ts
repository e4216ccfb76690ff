import { hmacBytes, toHex } from '../crypto';
import { huaweiTimestamp } from '../huawei';
import type { Bilingual } from '../types';
import { part, result } from './common';
import { copyError, DIGITS, findVariant, insteadOf, noVariant, type NamedVariant, type SignedParams } from './search';
import type { CredentialCheckInput, CredentialCheckResult, DecodedPart, Diagnosis } from './types';

const L = {
  deviceId: { en: 'device ID', zh: '设备ID' },
  timestamp: { en: 'timestamp', zh: '时间戳' },
  secret: { en: 'secret', zh: '设备密钥' },
  password: { en: 'password', zh: '密码' },
} satisfies Record<string, Bilingual>;

const SECRET_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.@!#$%&*';
const HOUR_MS = 3_600_000;

/** YYYYMMDDHH (UTC) → ms, or undefined when it is not a real hour. */
const hourMs = (ts: string): number | undefined => {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) return undefined;
  const [y, mo, d, h] = m.slice(1).map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h);
  return huaweiTimestamp(ms) === ts ? ms : undefined;
};

/** HMAC-SHA256 keyed with the timestamp over the secret (or the other way round, for that mistake), hex. */
const signOf = (p: SignedParams): string =>
  p.order === 'secret-key'
    ? toHex(hmacBytes('sha256', p.secret!, p.timestamp!))
    : toHex(hmacBytes('sha256', p.timestamp!, p.secret!));

const namedVariants = (base: SignedParams): NamedVariant[] => {
  const out: NamedVariant[] = [];
  const ms = hourMs(base.timestamp!);
  if (ms !== undefined) {
    const shifted = (hours: number, en: string, zh: string) => {
      const ts = huaweiTimestamp(ms + hours * HOUR_MS);
      out.push({
        input: 'timestamp',
        params: { ...base, timestamp: ts },
        message: {
          en: `${insteadOf(L.timestamp, ts, base.timestamp!).en} (${en})`,
          zh: `${insteadOf(L.timestamp, ts, base.timestamp!).zh}（${zh}）`,
        },
      });
    };
    shifted(
      -8,
      'the clientId holds China time (UTC+8); Huawei wants UTC',
      'clientId 中是北京时间（UTC+8）；华为要求 UTC',
    );
    shifted(8, 'the password was made with China time (UTC+8)', '密码是用北京时间（UTC+8）计算的');
    for (const h of [-1, 1, -2, 2])
      shifted(h, 'the password was made in another hour than the clientId says', '密码与 clientId 中的小时不同');
  }
  out.push({
    input: 'password',
    params: { ...base, order: 'secret-key' },
    message: {
      en: 'the password was made with the secret as HMAC key; Huawei keys the HMAC with the timestamp and signs the secret',
      zh: '密码计算时把密钥当作 HMAC 的 key；华为要求以时间戳为 key、对密钥做 HMAC',
    },
  });
  return out;
};

/** Decodes a Huawei IoTDA triple (`{device_id}_0_{0|1}_{YYYYMMDDHH}`, device ID, hex) and checks it. */
export const checkHuawei = (input: CredentialCheckInput, nowMs: number): CredentialCheckResult => {
  const problems: Bilingual[] = [];
  const parts: DecodedPart[] = [];
  const clientId = input.clientId.trim();
  const username = input.username.trim();
  const password = input.password.trim();
  const m = /^(.+)_(\d)_(\d)_(\d+)$/.exec(clientId);
  if (!m) {
    problems.push({
      en: 'the clientId must be {device ID}_0_{0|1}_{YYYYMMDDHH}, e.g. 5fbb…_868540050954037_0_0_2021011909',
      zh: 'clientId 应为 {设备ID}_0_{0|1}_{YYYYMMDDHH}，例如 5fbb…_868540050954037_0_0_2021011909',
    });
    parts.push(part('username', L.deviceId, username), part('password', L.password, password));
    return result({ cloud: 'huawei', parts, problems, signature: 'undecodable' }, nowMs);
  }
  const [, deviceId, kind, type, timestamp] = m as unknown as [string, string, string, string, string];
  const ms = hourMs(timestamp);
  parts.push(
    part('clientId.deviceId', L.deviceId, deviceId),
    part('clientId.type', { en: 'device type', zh: '设备身份类型' }, kind, { en: '0 = device ID', zh: '0 = 设备ID' }),
    part('clientId.signType', { en: 'password signature type', zh: '密码签名类型' }, type, {
      en:
        type === '1'
          ? '1 = HMACSHA256, the platform checks the timestamp'
          : '0 = HMACSHA256, the timestamp is not checked',
      zh: type === '1' ? '1 = HMACSHA256，平台校验时间戳' : '0 = HMACSHA256，不校验时间戳',
    }),
    part(
      'clientId.timestamp',
      L.timestamp,
      timestamp,
      ms !== undefined
        ? {
            en: `${new Date(ms).toISOString().slice(0, 13)}:00 UTC`,
            zh: `UTC ${new Date(ms).toISOString().slice(0, 13)}:00`,
          }
        : undefined,
    ),
    part('username', { en: 'username = device ID', zh: 'username = 设备ID' }, username),
    part('password', L.password, password, {
      en: 'HMAC-SHA256(key = timestamp, secret) as hex',
      zh: 'HMAC-SHA256（key = 时间戳，密钥）十六进制',
    }),
  );
  if (kind !== '0')
    problems.push({
      en: `the part after the device ID must be 0 (got ${kind})`,
      zh: `设备ID 之后的字段应为 0（现为 ${kind}）`,
    });
  if (type !== '0' && type !== '1')
    problems.push({ en: `the signature type must be 0 or 1 (got ${type})`, zh: `签名类型应为 0 或 1（现为 ${type}）` });
  if (ms === undefined)
    problems.push({
      en: `the timestamp must be a UTC hour as YYYYMMDDHH (got ${timestamp})`,
      zh: `时间戳应为 UTC 小时 YYYYMMDDHH（现为 ${timestamp}）`,
    });
  else if (type === '1' && Math.abs(ms + HOUR_MS / 2 - nowMs) > 1.5 * HOUR_MS)
    problems.push({
      en: `signature type 1: the platform refuses timestamp ${timestamp}, it is not the current UTC hour (${huaweiTimestamp(nowMs)})`,
      zh: `签名类型 1：平台会拒绝时间戳 ${timestamp}，它不是当前 UTC 小时（${huaweiTimestamp(nowMs)}）`,
    });
  if (username !== deviceId)
    problems.push({
      en: `username ${username} is not the device ID in the clientId (${deviceId})`,
      zh: `username ${username} 与 clientId 中的设备ID（${deviceId}）不一致`,
    });
  if (!/^[0-9a-fA-F]{64}$/.test(password))
    problems.push({
      en: 'the password must be 64 hex digits (HMAC-SHA256)',
      zh: '密码应为 64 位十六进制（HMAC-SHA256）',
    });
  const base = { cloud: 'huawei' as const, parts, problems };
  const secret = input.secret?.trim();
  if (!secret) return result({ ...base, signature: 'unchecked' }, nowMs);
  const signed: SignedParams = { timestamp, secret, order: 'timestamp-key' };
  const actual = password.toLowerCase();
  const matches = (p: SignedParams) => signOf(p) === actual;
  if (matches(signed)) return result({ ...base, signature: 'valid' }, nowMs);
  const diagnosis: Diagnosis =
    copyError(signOf(signed), actual, L.password) ??
    findVariant(matches, signed, namedVariants(signed), [
      { name: 'timestamp', label: L.timestamp, alphabet: DIGITS },
      { name: 'secret', label: L.secret, alphabet: SECRET_CHARS, secret: true },
    ]) ??
    noVariant(L.secret, {
      en: 'the secret is the one set when the device was registered; the device ID is not signed',
      zh: '密钥是注册设备时设定的；设备ID 不参与签名',
    });
  return result({ ...base, signature: 'invalid', diagnosis }, nowMs);
};
