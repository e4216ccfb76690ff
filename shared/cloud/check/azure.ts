import { base64ToBytes, bytesToBase64 } from '../../codec/base64';
import { AZURE_API_VERSION } from '../azure';
import { constantTimeEqual, hmacBytes, utf8 } from '../crypto';
import { encodeUriComponentStrict, splitQuery } from '../encoding';
import type { Bilingual } from '../types';
import { expiryNote, isBase64Text, part, result, unitVariants } from './common';
import {
  BASE64_CHARS,
  copyError,
  DIGITS,
  findVariant,
  noVariant,
  type NamedVariant,
  type SignedParams,
} from './search';
import type { CredentialCheckInput, CredentialCheckResult, DecodedPart, Diagnosis } from './types';

const L = {
  se: { en: 'se (expiry)', zh: 'se（过期时间）' },
  key: { en: 'shared access key', zh: '共享访问密钥' },
  sig: { en: 'sig', zh: 'sig（签名）' },
} satisfies Record<string, Bilingual>;

const decode = (v: string): string => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

/** base64(HMAC-SHA256(base64decode(key), urlencode(sr) \n se)); variants sign sr as pasted or lower-cased. */
const signOf = (p: SignedParams): string | undefined => {
  const key = p.keyAs === 'text' ? utf8(p.secret!) : isBase64Text(p.secret!) ? base64ToBytes(p.secret!) : undefined;
  if (!key) return undefined;
  const sr =
    p.srAs === 'decoded'
      ? p.sr!
      : p.srAs === 'lower'
        ? encodeUriComponentStrict(p.sr!).toLowerCase()
        : encodeUriComponentStrict(p.sr!);
  return bytesToBase64(hmacBytes('sha256', key, `${sr}\n${p.se}`));
};

const namedVariants = (base: SignedParams): NamedVariant[] => {
  const out: NamedVariant[] = [];
  const v = (input: string, change: Record<string, string>, message: Bilingual) =>
    out.push({ input, params: { ...base, ...change }, message });
  v(
    'sr',
    { srAs: 'decoded' },
    {
      en: 'the sig was made over sr without URL encoding: IoT Hub signs the URL-encoded sr (host%2Fdevices%2Fid)',
      zh: 'sig 是对未做 URL 编码的 sr 计算的：IoT 中心要求对 URL 编码后的 sr（host%2Fdevices%2Fid）签名',
    },
  );
  v(
    'sr',
    { srAs: 'lower' },
    {
      en: 'the sig was made over a lower-cased URL-encoded sr (%2f instead of %2F)',
      zh: 'sig 是对小写的 URL 编码 sr（%2f 而不是 %2F）计算的',
    },
  );
  for (const u of unitVariants(base.se!))
    v(
      'se',
      { se: u.value },
      {
        en: `the sig matches with se ${u.value}: se must be ${u.en}`,
        zh: `se 为 ${u.value} 时 sig 匹配：se 应${u.zh}`,
      },
    );
  v(
    'secret',
    { keyAs: 'text' },
    {
      en: 'the sig was made with the key as text: IoT Hub base64-decodes the shared access key before signing',
      zh: 'sig 是把密钥当作普通文本计算的：IoT 中心要求先对共享访问密钥做 base64 解码',
    },
  );
  return out;
};

/** Decodes an Azure IoT Hub SAS triple (device ID, `{hub}/{device}/?api-version=`, `SharedAccessSignature sr=&sig=&se=`). */
export const checkAzure = (input: CredentialCheckInput, nowMs: number): CredentialCheckResult => {
  const problems: Bilingual[] = [];
  const parts: DecodedPart[] = [];
  const clientId = input.clientId.trim();
  const username = input.username.trim();
  const password = input.password.trim();
  parts.push(part('clientId', { en: 'clientId = device ID', zh: 'clientId = 设备 ID' }, clientId));
  const user = /^([^/]+)\/([^/]+)\/\?(.*)$/.exec(username);
  if (!user)
    problems.push({
      en: `the username must be {hub host}/{device ID}/?api-version=${AZURE_API_VERSION}`,
      zh: `username 应为 {IoT 中心主机}/{设备 ID}/?api-version=${AZURE_API_VERSION}`,
    });
  else {
    parts.push(
      part('username.host', { en: 'hub host name', zh: 'IoT 中心主机名' }, user[1]!),
      part('username.deviceId', { en: 'device ID', zh: '设备 ID' }, user[2]!),
    );
    const apiVersion = splitQuery(user[3]!).get('api-version');
    parts.push(part('username.api-version', { en: 'api-version', zh: 'api-version' }, apiVersion ?? ''));
    if (!apiVersion) problems.push({ en: 'the username lacks ?api-version=…', zh: 'username 缺少 ?api-version=…' });
    if (user[2] !== clientId)
      problems.push({
        en: `the clientId ${clientId} is not the device ID in the username (${user[2]})`,
        zh: `clientId ${clientId} 与 username 中的设备 ID（${user[2]}）不一致`,
      });
  }
  const sas = /^SharedAccessSignature (.+)$/.exec(password);
  if (!sas) {
    problems.push({
      en: 'the password must start with "SharedAccessSignature sr=…&sig=…&se=…"',
      zh: '密码应以 “SharedAccessSignature sr=…&sig=…&se=…” 开头',
    });
    return result({ cloud: 'azure', parts, problems, signature: 'undecodable' }, nowMs);
  }
  const q = splitQuery(sas[1]!);
  const sr = q.get('sr');
  const sig = q.get('sig');
  const se = q.get('se');
  const skn = q.get('skn');
  const missing = (['sr', 'sig', 'se'] as const).filter((k) => !q.get(k));
  if (missing.length > 0) {
    problems.push({ en: `the SAS token lacks ${missing.join(', ')}`, zh: `SAS 令牌缺少 ${missing.join('、')}` });
    return result({ cloud: 'azure', parts, problems, signature: 'undecodable' }, nowMs);
  }
  const srDecoded = decode(sr!);
  const sigDecoded = decode(sig!);
  parts.push(
    part('password.sr', { en: 'sr (resource)', zh: 'sr（资源）' }, srDecoded),
    part('password.sig', L.sig, sigDecoded),
    part('password.se', L.se, se!, /^\d+$/.test(se!) ? expiryNote(Number(se), nowMs) : undefined),
  );
  if (skn)
    parts.push(
      part('password.skn', { en: 'skn (policy name)', zh: 'skn（策略名称）' }, skn, {
        en: 'a hub-level policy key, not a device key',
        zh: '中心级策略密钥，而非设备密钥',
      }),
    );
  if (!/^\d+$/.test(se!))
    problems.push({ en: `se must be unix seconds (got ${se})`, zh: `se 应为 Unix 秒（现为 ${se}）` });
  if (user && srDecoded.toLowerCase() !== `${user[1]}/devices/${user[2]}`.toLowerCase())
    problems.push({
      en: `sr ${srDecoded} is not ${user[1]}/devices/${user[2]} (the username's hub and device)`,
      zh: `sr ${srDecoded} 与 username 中的中心和设备（${user[1]}/devices/${user[2]}）不一致`,
    });
  const expiresAt = /^\d+$/.test(se!) ? Number(se) : undefined;
  const base = { cloud: 'azure' as const, parts, problems, ...(expiresAt !== undefined ? { expiresAt } : {}) };
  const secret = input.secret?.trim();
  if (!secret) return result({ ...base, signature: 'unchecked' }, nowMs);
  if (!isBase64Text(secret))
    return result(
      {
        ...base,
        signature: 'invalid',
        diagnosis: {
          input: 'secret',
          message: {
            en: 'the shared access key is not base64: copy the primary key again',
            zh: '共享访问密钥不是 base64：请重新复制主密钥',
          },
        },
      },
      nowMs,
    );
  const signed: SignedParams = { sr: srDecoded, se: se!, secret, keyAs: 'base64', srAs: 'encoded' };
  const matches = (p: SignedParams) => {
    const s = signOf(p);
    return s !== undefined && constantTimeEqual(s, sigDecoded);
  };
  if (matches(signed)) return result({ ...base, signature: 'valid' }, nowMs);
  const expected = signOf(signed);
  const diagnosis: Diagnosis =
    (expected ? copyError(expected, sigDecoded, L.sig) : undefined) ??
    findVariant(matches, signed, namedVariants(signed), [
      { name: 'se', label: L.se, alphabet: DIGITS },
      { name: 'secret', label: L.key, alphabet: BASE64_CHARS, secret: true },
    ]) ??
    noVariant(L.key, {
      en: 'use the device’s primary or secondary key; a hub policy key also needs skn=',
      zh: '请使用设备的主密钥或辅助密钥；中心策略密钥还需要 skn=',
    });
  return result({ ...base, signature: 'invalid', diagnosis }, nowMs);
};
