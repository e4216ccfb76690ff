import { base64ToBytes } from '../../codec/base64';
import { hmacBytes, toHex, utf8 } from '../crypto';
import { TENCENT_SDK_APPID } from '../tencent';
import type { Bilingual } from '../types';
import { expiryNote, isBase64Text, part, result, unitVariants } from './common';
import {
  BASE64_CHARS,
  caseVariants,
  copyError,
  DIGITS,
  findVariant,
  insteadOf,
  NAME_CHARS,
  noVariant,
  type NamedVariant,
  type SignedParams,
} from './search';
import type { CredentialCheckInput, CredentialCheckResult, DecodedPart, Diagnosis } from './types';

const L = {
  productId: { en: 'product ID', zh: '产品ID' },
  deviceName: { en: 'device name', zh: '设备名称' },
  sdkappid: { en: 'sdkappid', zh: 'sdkappid' },
  connid: { en: 'connid', zh: 'connid' },
  expiry: { en: 'expiry', zh: '过期时间' },
  psk: { en: 'device secret (PSK)', zh: '设备密钥' },
  token: { en: 'password signature', zh: '密码签名' },
} satisfies Record<string, Bilingual>;

const usernameOf = (p: SignedParams) => `${p.productId}${p.deviceName};${p.sdkappid};${p.connid};${p.expiry}`;

const signOf = (p: SignedParams): string | undefined => {
  const key = p.keyAs === 'text' ? utf8(p.secret!) : isBase64Text(p.secret!) ? base64ToBytes(p.secret!) : undefined;
  if (!key) return undefined;
  return toHex(hmacBytes(p.method === 'hmacsha1' ? 'sha1' : 'sha256', key, usernameOf(p)));
};

const namedVariants = (base: SignedParams): NamedVariant[] => {
  const out: NamedVariant[] = [];
  const v = (input: string, change: Record<string, string>, message: Bilingual) =>
    out.push({ input, params: { ...base, ...change }, message });
  const other = base.method === 'hmacsha1' ? 'hmacsha256' : 'hmacsha1';
  v(
    'method',
    { method: other },
    {
      en: `the signature was made with ${other}, but the password ends with ;${base.method}`,
      zh: `签名是用 ${other} 计算的，但密码末尾写的是 ;${base.method}`,
    },
  );
  for (const c of caseVariants(base.deviceName!))
    v('deviceName', { deviceName: c }, insteadOf(L.deviceName, c, base.deviceName!));
  for (const u of unitVariants(base.expiry!))
    v(
      'expiry',
      { expiry: u.value },
      {
        en: `the signature matches with expiry ${u.value}: the expiry must be ${u.en}`,
        zh: `过期时间为 ${u.value} 时签名匹配：过期时间应${u.zh}`,
      },
    );
  if (base.sdkappid !== TENCENT_SDK_APPID)
    v('sdkappid', { sdkappid: TENCENT_SDK_APPID }, insteadOf(L.sdkappid, TENCENT_SDK_APPID, base.sdkappid!));
  v(
    'secret',
    { keyAs: 'text' },
    {
      en: 'the signature was made with the device secret as text: Tencent base64-decodes the PSK before signing',
      zh: '签名时把设备密钥当作普通文本：腾讯要求先对 PSK 做 base64 解码再签名',
    },
  );
  return out;
};

/** Decodes a Tencent IoT key-authentication triple (`{pid}{dn}`, `{pid}{dn};sdkappid;connid;expiry`, `hex;method`). */
export const checkTencent = (input: CredentialCheckInput, nowMs: number): CredentialCheckResult => {
  const problems: Bilingual[] = [];
  const parts: DecodedPart[] = [];
  const clientId = input.clientId.trim();
  const username = input.username.trim();
  const password = input.password.trim();
  const u = /^([^;]+);([^;]*);([^;]*);([^;]*)$/.exec(username);
  const p = /^([0-9a-fA-F]+);([A-Za-z0-9]+)$/.exec(password);
  if (!u)
    problems.push({
      en: 'the username must be {product ID}{device name};{sdkappid};{connid};{expiry}',
      zh: 'username 应为 {产品ID}{设备名称};{sdkappid};{connid};{过期时间}',
    });
  if (!p)
    problems.push({
      en: 'the password must be {hex signature};hmacsha256 (or ;hmacsha1)',
      zh: '密码应为 {十六进制签名};hmacsha256（或 ;hmacsha1）',
    });
  if (!u || !p) {
    parts.push(part('clientId', { en: 'clientId', zh: 'clientId' }, clientId));
    return result({ cloud: 'tencent', parts, problems, signature: 'undecodable' }, nowMs);
  }
  const [, client, sdkappid, connid, expiry] = u as unknown as [string, string, string, string, string];
  const [, hex, method] = p as unknown as [string, string, string];
  const productId = client.slice(0, 10);
  const deviceName = client.slice(10);
  parts.push(
    part('clientId', { en: 'clientId = product ID + device name', zh: 'clientId = 产品ID + 设备名称' }, clientId),
    part('username.productId', L.productId, productId, { en: 'the first 10 characters', zh: '前 10 个字符' }),
    part('username.deviceName', L.deviceName, deviceName),
    part('username.sdkappid', L.sdkappid, sdkappid, {
      en: `fixed ${TENCENT_SDK_APPID}`,
      zh: `固定为 ${TENCENT_SDK_APPID}`,
    }),
    part('username.connid', L.connid, connid, { en: 'a random string', zh: '随机字符串' }),
    part('username.expiry', L.expiry, expiry, /^\d+$/.test(expiry) ? expiryNote(Number(expiry), nowMs) : undefined),
    part('password.signature', L.token, hex),
    part('password.method', { en: 'method', zh: '签名方法' }, method),
  );
  if (client !== clientId)
    problems.push({
      en: `the clientId ${clientId} is not the start of the username (${client})`,
      zh: `clientId ${clientId} 与 username 开头（${client}）不一致`,
    });
  if (!/^[A-Z0-9]{10}$/.test(productId))
    problems.push({
      en: `the product ID ${productId} is not 10 upper-case letters and digits`,
      zh: `产品ID ${productId} 不是 10 位大写字母和数字`,
    });
  if (sdkappid !== TENCENT_SDK_APPID)
    problems.push({
      en: `sdkappid must be ${TENCENT_SDK_APPID} (got ${sdkappid})`,
      zh: `sdkappid 应为 ${TENCENT_SDK_APPID}（现为 ${sdkappid}）`,
    });
  if (!connid)
    problems.push({
      en: 'connid is empty: put a random string there (the SDK uses 5 characters)',
      zh: 'connid 为空：请填一个随机字符串（SDK 使用 5 个字符）',
    });
  if (!/^\d+$/.test(expiry))
    problems.push({
      en: `the expiry must be unix seconds (got ${expiry})`,
      zh: `过期时间应为 Unix 秒（现为 ${expiry}）`,
    });
  if (method !== 'hmacsha256' && method !== 'hmacsha1')
    problems.push({
      en: `the method must be hmacsha256 or hmacsha1 (got ${method})`,
      zh: `签名方法应为 hmacsha256 或 hmacsha1（现为 ${method}）`,
    });
  else if (hex.length !== (method === 'hmacsha1' ? 40 : 64))
    problems.push({
      en: `a ${method} signature has ${method === 'hmacsha1' ? 40 : 64} hex digits, this one ${hex.length}: the method and the signature disagree`,
      zh: `${method} 签名应为 ${method === 'hmacsha1' ? 40 : 64} 位十六进制，此签名为 ${hex.length} 位：签名方法与签名不一致`,
    });
  const expiresAt = /^\d+$/.test(expiry) ? Number(expiry) : undefined;
  const base = { cloud: 'tencent' as const, parts, problems, ...(expiresAt !== undefined ? { expiresAt } : {}) };
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
            en: 'the device secret is not base64: copy it again from the device page',
            zh: '设备密钥不是 base64：请从设备页面重新复制',
          },
        },
      },
      nowMs,
    );
  const signed: SignedParams = { productId, deviceName, sdkappid, connid, expiry, method, secret, keyAs: 'base64' };
  const actual = hex.toLowerCase();
  const matches = (q: SignedParams) => signOf(q) === actual;
  if (matches(signed)) return result({ ...base, signature: 'valid' }, nowMs);
  const expected = signOf(signed);
  const diagnosis: Diagnosis =
    (expected ? copyError(expected, actual, L.token) : undefined) ??
    findVariant(matches, signed, namedVariants(signed), [
      { name: 'deviceName', label: L.deviceName, alphabet: NAME_CHARS },
      { name: 'productId', label: L.productId, alphabet: NAME_CHARS },
      { name: 'connid', label: L.connid, alphabet: NAME_CHARS },
      { name: 'expiry', label: L.expiry, alphabet: DIGITS },
      { name: 'secret', label: L.psk, alphabet: BASE64_CHARS, secret: true },
    ]) ??
    noVariant(L.psk);
  return result({ ...base, signature: 'invalid', diagnosis }, nowMs);
};
