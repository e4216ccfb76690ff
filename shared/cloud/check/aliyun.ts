import { aliyunSign, ALIYUN_SIGN_METHODS, isAliyunSignMethod, parseAliyunClientId } from '../aliyun';
import { formatUnixSeconds } from '../expiry';
import type { Bilingual } from '../types';
import { part, result, unitVariants } from './common';
import {
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
  clientId: { en: 'clientId (before the first |)', zh: 'clientId（第一个 | 之前）' },
  productKey: { en: 'ProductKey', zh: 'ProductKey（产品标识）' },
  deviceName: { en: 'DeviceName', zh: 'DeviceName（设备名称）' },
  deviceSecret: { en: 'DeviceSecret', zh: 'DeviceSecret（设备密钥）' },
  timestamp: { en: 'timestamp', zh: 'timestamp（时间戳）' },
  password: { en: 'password', zh: '密码' },
} satisfies Record<string, Bilingual>;

const SECRET_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX_LENGTH: Record<string, number> = { hmacmd5: 32, hmacsha1: 40, hmacsha256: 64 };

/** The signed content: clientId, deviceName, productKey and (when sent) timestamp, sorted by key. */
const signOf = (p: SignedParams): string | undefined => {
  if (!isAliyunSignMethod(p.method!)) return undefined;
  const params: Record<string, string> = {
    clientId: p.clientId!,
    deviceName: p.deviceName!,
    productKey: p.productKey!,
  };
  if (p.timestamp) params.timestamp = p.timestamp;
  return aliyunSign(p.method, p.secret!, params);
};

const namedVariants = (base: SignedParams): NamedVariant[] => {
  const out: NamedVariant[] = [];
  const v = (input: string, change: Record<string, string>, message: Bilingual) =>
    out.push({ input, params: { ...base, ...change }, message });
  for (const m of ALIYUN_SIGN_METHODS)
    if (m !== base.method)
      v(
        'signMethod',
        { method: m },
        {
          en: `the password was made with ${m}, but the clientId says signmethod=${base.method}`,
          zh: `密码是用 ${m} 计算的，但 clientId 中写的是 signmethod=${base.method}`,
        },
      );
  if (base.timestamp) {
    v(
      'timestamp',
      { timestamp: '' },
      {
        en: `the password was signed without the timestamp: drop timestamp=${base.timestamp} from the clientId, or sign it too`,
        zh: `密码计算时没有包含 timestamp：请去掉 clientId 中的 timestamp=${base.timestamp}，或把它一起签名`,
      },
    );
    for (const u of unitVariants(base.timestamp))
      v(
        'timestamp',
        { timestamp: u.value },
        {
          en: `the password matches with timestamp ${u.value}: the timestamp must be ${u.en}, the same in the clientId and the signature`,
          zh: `timestamp 为 ${u.value} 时密码匹配：timestamp 应${u.zh}，且 clientId 与签名中一致`,
        },
      );
  }
  if (base.clientId !== base.deviceName)
    v('clientId', { clientId: base.deviceName! }, insteadOf(L.clientId, base.deviceName!, base.clientId!));
  const dotted = `${base.productKey}.${base.deviceName}`;
  if (base.clientId !== dotted) v('clientId', { clientId: dotted }, insteadOf(L.clientId, dotted, base.clientId!));
  for (const c of caseVariants(base.deviceName!))
    v('deviceName', { deviceName: c }, insteadOf(L.deviceName, c, base.deviceName!));
  for (const c of caseVariants(base.productKey!))
    v('productKey', { productKey: c }, insteadOf(L.productKey, c, base.productKey!));
  v(
    'username',
    { deviceName: base.productKey!, productKey: base.deviceName! },
    {
      en: 'the password was signed with ProductKey and DeviceName swapped: the username is DeviceName&ProductKey',
      zh: '签名时 ProductKey 与 DeviceName 填反了：username 应为 DeviceName&ProductKey',
    },
  );
  return out;
};

/** Decodes an Aliyun "one device, one secret" triple (`cid|securemode=..,signmethod=..|`, `dn&pk`, hex) and checks it. */
export const checkAliyun = (input: CredentialCheckInput, nowMs: number): CredentialCheckResult => {
  const problems: Bilingual[] = [];
  const parts: DecodedPart[] = [];
  const clientId = input.clientId.trim();
  const password = input.password.trim();
  const parsed = parseAliyunClientId(clientId);
  if (!parsed)
    problems.push({
      en: 'the clientId is not clientId|securemode=…,signmethod=…|: it needs the parameters between two | (and ends with |)',
      zh: 'clientId 不是 clientId|securemode=…,signmethod=…| 格式：参数需放在两个 | 之间（以 | 结尾）',
    });
  const params = parsed?.params ?? new Map<string, string>();
  const securemode = params.get('securemode');
  const method = params.get('signmethod') ?? 'hmacmd5';
  const timestamp = params.get('timestamp');
  if (parsed) {
    parts.push(part('clientId.id', L.clientId, parsed.base));
    for (const [k, value] of params) {
      if (k === 'securemode')
        parts.push(
          part('clientId.securemode', { en: 'securemode', zh: 'securemode（安全模式）' }, value, {
            en:
              value === '2'
                ? '2 = TLS (port 1883 with TLS); not part of the signature'
                : value === '3'
                  ? '3 = plain TCP; not part of the signature'
                  : value === '-2'
                    ? '-2 = token login (connwl)'
                    : 'must be 2 (TLS) or 3 (TCP)',
            zh:
              value === '2'
                ? '2 = TLS 直连（1883 端口走 TLS）；不参与签名'
                : value === '3'
                  ? '3 = TCP 直连；不参与签名'
                  : value === '-2'
                    ? '-2 = token 登录（connwl）'
                    : '应为 2（TLS）或 3（TCP）',
          }),
        );
      else if (k === 'timestamp')
        parts.push(
          part(
            'clientId.timestamp',
            L.timestamp,
            value,
            /^\d{13}$/.test(value)
              ? {
                  en: `${formatUnixSeconds(Number(value) / 1000)} (milliseconds; the cloud does not check it)`,
                  zh: `${formatUnixSeconds(Number(value) / 1000)}（毫秒；平台不校验时间）`,
                }
              : {
                  en: 'milliseconds since 1970 (the cloud does not check it)',
                  zh: '1970 年以来的毫秒数（平台不校验）',
                },
          ),
        );
      else parts.push(part(`clientId.${k}`, { en: k, zh: k }, value));
    }
    if (!params.has('signmethod'))
      parts.push(
        part('clientId.signmethod', { en: 'signmethod', zh: 'signmethod（签名方法）' }, 'hmacmd5', {
          en: 'not given: Aliyun defaults to hmacmd5',
          zh: '未填写：阿里云默认为 hmacmd5',
        }),
      );
    if (securemode !== '2' && securemode !== '3' && securemode !== '-2')
      problems.push({
        en: `securemode must be 2 (TLS) or 3 (TCP) (got ${securemode ?? 'nothing'})`,
        zh: `securemode 应为 2（TLS）或 3（TCP）（现为 ${securemode ?? '空'}）`,
      });
    if (!isAliyunSignMethod(method))
      problems.push({
        en: `signmethod must be hmacmd5, hmacsha1 or hmacsha256 (got ${method})`,
        zh: `signmethod 应为 hmacmd5、hmacsha1 或 hmacsha256（现为 ${method}）`,
      });
    if (parsed.base.length === 0 || parsed.base.length > 64)
      problems.push({ en: 'the clientId before | must be 1–64 characters', zh: '| 之前的 clientId 须为 1–64 个字符' });
  }
  const user = /^([^&]+)&([^&]+)$/.exec(input.username.trim());
  if (!user)
    problems.push({ en: 'the username must be DeviceName&ProductKey', zh: 'username 应为 DeviceName&ProductKey' });
  else
    parts.push(
      part('username.deviceName', L.deviceName, user[1]!),
      part('username.productKey', L.productKey, user[2]!),
    );
  parts.push(
    part('password', L.password, password, { en: `HMAC (${method}) as hex`, zh: `HMAC（${method}）十六进制` }),
  );
  if (!/^[0-9a-fA-F]+$/.test(password))
    problems.push({ en: 'the password must be hexadecimal (0-9, a-f)', zh: '密码应为十六进制（0-9、a-f）' });
  else if (HEX_LENGTH[method] && password.length !== HEX_LENGTH[method])
    problems.push({
      en: `a ${method} password has ${HEX_LENGTH[method]} hex digits, this one ${password.length}: signmethod and the password disagree`,
      zh: `${method} 密码应为 ${HEX_LENGTH[method]} 位十六进制，此密码为 ${password.length} 位：signmethod 与密码不一致`,
    });
  const base = { cloud: 'aliyun' as const, parts, problems };
  if (!parsed || !user || !isAliyunSignMethod(method)) return result({ ...base, signature: 'undecodable' }, nowMs);
  const secret = input.secret?.trim();
  if (!secret) return result({ ...base, signature: 'unchecked' }, nowMs);
  const signed: SignedParams = {
    clientId: parsed.base,
    deviceName: user[1]!,
    productKey: user[2]!,
    timestamp: timestamp ?? '',
    method,
    secret,
  };
  const actual = password.toLowerCase();
  const matches = (p: SignedParams) => signOf(p) === actual;
  if (matches(signed)) return result({ ...base, signature: 'valid' }, nowMs);
  const diagnosis: Diagnosis =
    copyError(signOf(signed)!, actual, L.password) ??
    findVariant(matches, signed, namedVariants(signed), [
      { name: 'deviceName', label: L.deviceName, alphabet: NAME_CHARS },
      { name: 'productKey', label: L.productKey, alphabet: NAME_CHARS },
      { name: 'clientId', label: L.clientId, alphabet: NAME_CHARS },
      { name: 'timestamp', label: L.timestamp, alphabet: DIGITS },
      { name: 'secret', label: L.deviceSecret, alphabet: SECRET_CHARS, secret: true },
    ]) ??
    noVariant(L.deviceSecret, {
      en: 'each device has its own DeviceSecret; the ProductSecret does not sign a device login',
      zh: '每个设备有自己的 DeviceSecret；ProductSecret 不能用于设备登录签名',
    });
  return result({ ...base, signature: 'invalid', diagnosis }, nowMs);
};
