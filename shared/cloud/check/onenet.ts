import { base64ToBytes, bytesToBase64 } from '../../codec/base64';
import { constantTimeEqual, hmacBytes, utf8, type HashName } from '../crypto';
import { oneNetUrlDecode, splitQuery } from '../encoding';
import { ONENET_METHODS, ONENET_TOKEN_VERSION } from '../onenet';
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
  accessKey: { en: 'access_key', zh: 'access_key（密钥）' },
  et: { en: 'et (expiry)', zh: 'et（过期时间）' },
  version: { en: 'version', zh: 'version' },
  sign: { en: 'sign', zh: 'sign（签名）' },
} satisfies Record<string, Bilingual>;

const resOf = (p: SignedParams): string =>
  p.deviceName ? `products/${p.productId}/devices/${p.deviceName}` : `products/${p.productId}`;

/** base64(hmac_method(key, et \n method \n res \n version)); the key base64-decoded, or as text for that mistake. */
const signOf = (p: SignedParams): string | undefined => {
  if (!(ONENET_METHODS as readonly string[]).includes(p.method!)) return undefined;
  let key: Uint8Array;
  if (p.keyAs === 'text') key = utf8(p.secret!);
  else if (isBase64Text(p.secret!)) key = base64ToBytes(p.secret!);
  else return undefined;
  return bytesToBase64(hmacBytes(p.method as HashName, key, `${p.et}\n${p.method}\n${resOf(p)}\n${p.version}`));
};

const namedVariants = (base: SignedParams, input: CredentialCheckInput): NamedVariant[] => {
  const out: NamedVariant[] = [];
  const v = (inputName: string, change: Record<string, string>, message: Bilingual) =>
    out.push({ input: inputName, params: { ...base, ...change }, message });
  for (const m of ONENET_METHODS)
    if (m !== base.method)
      v(
        'method',
        { method: m },
        {
          en: `the sign was made with method ${m}, but the token says method=${base.method}`,
          zh: `sign 是用 ${m} 计算的，但 token 中写的是 method=${base.method}`,
        },
      );
  if (base.version !== ONENET_TOKEN_VERSION)
    v('version', { version: ONENET_TOKEN_VERSION }, insteadOf(L.version, ONENET_TOKEN_VERSION, base.version!));
  const clientDevice = input.clientId.trim();
  if (base.deviceName) {
    if (clientDevice && clientDevice !== base.deviceName)
      v('deviceName', { deviceName: clientDevice }, insteadOf(L.deviceName, clientDevice, base.deviceName));
    for (const c of caseVariants(base.deviceName))
      v('deviceName', { deviceName: c }, insteadOf(L.deviceName, c, base.deviceName));
    v(
      'res',
      { deviceName: '' },
      {
        en: `the sign is for the product level (res=products/${base.productId}), but res names device ${base.deviceName}: sign the device-level res with the device's access_key`,
        zh: `sign 是按产品级（res=products/${base.productId}）计算的，但 res 写的是设备 ${base.deviceName}：请用设备的 access_key 对设备级 res 签名`,
      },
    );
  } else if (clientDevice)
    v(
      'res',
      { deviceName: clientDevice },
      {
        en: `the sign is for the device level (res=products/${base.productId}/devices/${clientDevice}), but res is the product level`,
        zh: `sign 是按设备级（res=products/${base.productId}/devices/${clientDevice}）计算的，但 res 是产品级`,
      },
    );
  const user = input.username.trim();
  if (user && user !== base.productId)
    v('productId', { productId: user }, insteadOf(L.productId, user, base.productId!));
  for (const u of unitVariants(base.et!))
    v(
      'et',
      { et: u.value },
      {
        en: `the sign matches with et ${u.value}: et must be ${u.en}`,
        zh: `et 为 ${u.value} 时 sign 匹配：et 应${u.zh}`,
      },
    );
  v(
    'secret',
    { keyAs: 'text' },
    {
      en: 'the sign was made with the access_key as text: OneNET base64-decodes the access_key before signing',
      zh: 'sign 是把 access_key 当作普通文本计算的：OneNET 要求先对 access_key 做 base64 解码再签名',
    },
  );
  return out;
};

/** Decodes a OneNET MQTT triple (clientId = device name, username = product ID, password = token) and checks it. */
export const checkOneNet = (input: CredentialCheckInput, nowMs: number): CredentialCheckResult => {
  const problems: Bilingual[] = [];
  const clientId = input.clientId.trim();
  const username = input.username.trim();
  const parts: DecodedPart[] = [
    part('clientId', { en: 'clientId = device name', zh: 'clientId = 设备名称' }, clientId),
    part('username', { en: 'username = product ID', zh: 'username = 产品ID' }, username),
  ];
  const q = splitQuery(input.password.trim());
  const version = q.get('version');
  const rawRes = q.get('res');
  const et = q.get('et');
  const method = q.get('method');
  const rawSign = q.get('sign');
  const missing = (['version', 'res', 'et', 'method', 'sign'] as const).filter((k) => !q.get(k));
  if (missing.length > 0) {
    problems.push({
      en: `the password is not a OneNET token: ${missing.join(', ')} missing (expected version=…&res=…&et=…&method=…&sign=…)`,
      zh: `密码不是 OneNET token：缺少 ${missing.join('、')}（应为 version=…&res=…&et=…&method=…&sign=…）`,
    });
    return result({ cloud: 'onenet', parts, problems, signature: 'undecodable' }, nowMs);
  }
  const res = oneNetUrlDecode(rawRes!);
  const sign = oneNetUrlDecode(rawSign!);
  parts.push(
    part('password.version', L.version, version!),
    part('password.res', { en: 'res (resource)', zh: 'res（资源）' }, res),
    part('password.et', L.et, et!, /^\d+$/.test(et!) ? expiryNote(Number(et), nowMs) : undefined),
    part('password.method', { en: 'method', zh: 'method（签名方法）' }, method!),
    part('password.sign', L.sign, sign),
  );
  if (version !== ONENET_TOKEN_VERSION)
    problems.push({
      en: `version must be ${ONENET_TOKEN_VERSION} (got ${version})`,
      zh: `version 必须为 ${ONENET_TOKEN_VERSION}（现为 ${version}）`,
    });
  if (!(ONENET_METHODS as readonly string[]).includes(method!))
    problems.push({
      en: `method must be md5, sha1 or sha256 (got ${method})`,
      zh: `method 必须为 md5、sha1 或 sha256（现为 ${method}）`,
    });
  if (!/^\d+$/.test(et!))
    problems.push({ en: `et must be unix seconds (got ${et})`, zh: `et 必须为 Unix 秒（现为 ${et}）` });
  if (/[+/=]/.test(rawSign!))
    problems.push({
      en: 'sign is not URL-encoded: + / = must be written %2B %2F %3D (a server reads + as a space)',
      zh: 'sign 未做 URL 编码：+ / = 应写作 %2B %2F %3D（服务器会把 + 当作空格）',
    });
  const m = /^products\/([^/]+)(?:\/devices\/(.+))?$/.exec(res);
  if (!m) {
    problems.push({
      en: `res must be products/{product ID}/devices/{device name} (got ${res})`,
      zh: `res 应为 products/{产品ID}/devices/{设备名称}（现为 ${res}）`,
    });
    return result({ cloud: 'onenet', parts, problems, signature: 'undecodable' }, nowMs);
  }
  const [, productId, deviceName = ''] = m as unknown as [string, string, string?];
  if (productId !== username)
    problems.push({
      en: `username ${username} is not the product ID in res (${productId}): OneNET refuses it`,
      zh: `username ${username} 与 res 中的产品ID（${productId}）不一致：OneNET 会拒绝`,
    });
  if (deviceName && deviceName !== clientId)
    problems.push({
      en: `clientId ${clientId} is not the device name in res (${deviceName}): OneNET refuses it`,
      zh: `clientId ${clientId} 与 res 中的设备名称（${deviceName}）不一致：OneNET 会拒绝`,
    });
  if (!deviceName)
    parts.push(
      part('level', { en: 'level', zh: '鉴权级别' }, 'product', {
        en: "product-level token: signed with the product's access_key",
        zh: '产品级 token：用产品的 access_key 签名',
      }),
    );
  const expiresAt = /^\d+$/.test(et!) ? Number(et) : undefined;
  const base = { cloud: 'onenet' as const, parts, problems, ...(expiresAt !== undefined ? { expiresAt } : {}) };
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
            en: 'the access_key is not base64: copy it again from the console (it ends with =)',
            zh: 'access_key 不是 base64：请从控制台重新复制（通常以 = 结尾）',
          },
        },
      },
      nowMs,
    );
  const params: SignedParams = {
    productId,
    deviceName,
    et: et!,
    method: method!,
    version: version!,
    secret,
    keyAs: 'base64',
  };
  const matches = (p: SignedParams) => {
    const s = signOf(p);
    return s !== undefined && constantTimeEqual(s, sign);
  };
  if (matches(params)) return result({ ...base, signature: 'valid' }, nowMs);
  const expected = signOf(params);
  const diagnosis: Diagnosis =
    (expected ? copyError(expected, sign, L.sign) : undefined) ??
    findVariant(matches, params, namedVariants(params, input), [
      { name: 'deviceName', label: L.deviceName, alphabet: NAME_CHARS },
      { name: 'productId', label: L.productId, alphabet: NAME_CHARS },
      { name: 'et', label: L.et, alphabet: DIGITS },
      { name: 'secret', label: L.accessKey, alphabet: BASE64_CHARS, secret: true },
    ]) ??
    noVariant(L.accessKey, {
      en: deviceName
        ? "a device-level token needs the device's access_key, not the product's"
        : "a product-level token needs the product's access_key, not a device's",
      zh: deviceName
        ? '设备级 token 需要设备的 access_key，而不是产品的'
        : '产品级 token 需要产品的 access_key，而不是设备的',
    });
  return result({ ...base, signature: 'invalid', diagnosis }, nowMs);
};
