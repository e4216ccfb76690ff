import { base64ToBytes, bytesToBase64 } from '../codec/base64';
import { constantTimeEqual, hmacBytes, type HashName } from './crypto';
import { oneNetUrlDecode, oneNetUrlEncode, splitQuery } from './encoding';
import { oneNetTopics } from './onenet-topics';
import type {
  CloudCredentials,
  CloudDefinition,
  CloudField,
  CloudInput,
  ConnectAttempt,
  ConnectVerdict,
} from './types';
import { unixSecondsField } from './expiry';
import {
  base64Field,
  keepaliveField,
  matching,
  oneOf,
  required,
  keepaliveFieldSpec,
  keepaliveOutOfRange,
} from './validate';

export const ONENET_METHODS = ['md5', 'sha1', 'sha256'] as const;
type OneNetMethod = (typeof ONENET_METHODS)[number];
export const ONENET_TOKEN_VERSION = '2018-10-31';
/** OneNET MQTTS kit: keepalive 10–1800 s (device development guide, "设备保活"). */
const ONENET_KEEPALIVE = { min: 10, max: 1800, recommended: 120 } as const;
const ONENET_HOSTS = {
  tcp: { host: 'mqtts.heclouds.com', port: 1883 },
  tls: { host: 'mqttstls.heclouds.com', port: 8883 },
} as const;

interface OneNetTokenInput {
  /** `products/{pid}` (product-level key) or `products/{pid}/devices/{dn}` (device-level key). */
  res: string;
  /** Expiry, unix seconds (a string keeps digits beyond 2^53 exactly as typed). */
  et: number | string;
  method: OneNetMethod;
  /** access_key as the console shows it (base64). */
  accessKey: string;
}

export const oneNetSignature = (t: OneNetTokenInput): string => {
  const stringForSignature = `${t.et}\n${t.method}\n${t.res}\n${ONENET_TOKEN_VERSION}`;
  return bytesToBase64(hmacBytes(t.method as HashName, base64ToBytes(t.accessKey), stringForSignature));
};

/** The token OneNET expects as MQTT password (https://open.iot.10086.cn/doc/mqtt/book/manual/auth/token.html). */
export const oneNetToken = (t: OneNetTokenInput): string =>
  `version=${ONENET_TOKEN_VERSION}&res=${oneNetUrlEncode(t.res)}&et=${t.et}&method=${t.method}&sign=${oneNetUrlEncode(oneNetSignature(t))}`;

interface ParsedOneNetToken {
  version: string;
  res: string;
  et: number;
  method: string;
  sign: string;
}

const parseOneNetToken = (token: string): ParsedOneNetToken | undefined => {
  const q = splitQuery(token);
  const version = q.get('version');
  const res = q.get('res');
  const et = q.get('et');
  const method = q.get('method');
  const sign = q.get('sign');
  if (!version || !res || !et || !method || !sign || !/^\d+$/.test(et)) return undefined;
  return { version, res: oneNetUrlDecode(res), et: Number(et), method, sign: oneNetUrlDecode(sign) };
};

const fields: CloudField[] = [
  { id: 'productId', label: 'Product ID', labelZh: '产品ID', kind: 'text', required: true, placeholder: '469948' },
  { id: 'deviceName', label: 'Device name', labelZh: '设备名称', kind: 'text', required: true, placeholder: 'Chic_D' },
  {
    id: 'accessKey',
    label: 'access_key (device key, or product key for product level)',
    labelZh: 'access_key（设备密钥；产品级时填产品 access_key）',
    kind: 'secret',
    required: true,
  },
  {
    id: 'level',
    label: 'Token level',
    labelZh: '鉴权级别',
    kind: 'select',
    required: false,
    default: 'device',
    options: [
      { value: 'device', label: 'device: res=products/{pid}/devices/{name}' },
      { value: 'product', label: 'product: res=products/{pid}' },
    ],
  },
  {
    id: 'method',
    label: 'Signature method',
    labelZh: '签名方法 method',
    kind: 'select',
    required: false,
    default: 'sha256',
    options: ONENET_METHODS.map((m) => ({ value: m, label: m })),
  },
  {
    id: 'expiresAt',
    label: 'Token expiry et (unix seconds)',
    labelZh: '过期时间 et（Unix 秒）',
    kind: 'number',
    required: false,
    help: {
      en: 'Defaults to one year from now. Any value is signed; a past one gives a token OneNET refuses.',
      zh: '默认为一年后。任何值都可计算；已过去的时间生成的 token 会被 OneNET 拒绝。',
    },
  },
  {
    id: 'tls',
    label: 'Transport',
    labelZh: '接入方式',
    kind: 'select',
    required: false,
    default: 'tcp',
    options: [
      { value: 'tcp', label: 'mqtts.heclouds.com:1883 (TCP)' },
      { value: 'tls', label: 'mqttstls.heclouds.com:8883 (TLS)' },
    ],
  },
  keepaliveFieldSpec(ONENET_KEEPALIVE),
];

const computeOneNet = (input: CloudInput, nowMs: number): CloudCredentials => {
  const productId = matching(
    required(input, 'productId', 'Product ID'),
    'productId',
    /^[A-Za-z0-9]{1,32}$/,
    'Product ID is letters and digits (e.g. 469948).',
    'onenet.productId',
  );
  const deviceName = matching(
    required(input, 'deviceName', 'Device name'),
    'deviceName',
    /^[A-Za-z0-9_\-.@]{1,64}$/,
    'Device name may hold letters, digits and _ - . @ only.',
    'onenet.deviceName',
  );
  const accessKey = base64Field(input, 'accessKey', 'access_key');
  const level = oneOf(input, 'level', ['device', 'product'] as const, 'device', 'level');
  const method = oneOf(input, 'method', ONENET_METHODS, 'sha256', 'method');
  const nowS = Math.floor(nowMs / 1000);
  const typedEt = unixSecondsField(input, 'expiresAt', 'et (expiry)');
  const et = typedEt?.text ?? String(nowS + 365 * 24 * 3600);
  const transport = oneOf(input, 'tls', ['tcp', 'tls'] as const, 'tcp', 'transport');
  keepaliveField(input, ONENET_KEEPALIVE, 'OneNET');
  const res = level === 'device' ? `products/${productId}/devices/${deviceName}` : `products/${productId}`;
  const endpoint = ONENET_HOSTS[transport];
  return {
    cloud: 'onenet',
    host: endpoint.host,
    port: endpoint.port,
    tls: transport === 'tls',
    clientId: deviceName,
    username: productId,
    password: oneNetToken({ res, et, method, accessKey }),
    expiresAt: Number(et),
    keepalive: { ...ONENET_KEEPALIVE },
    cleanSessionRequired: true,
    ...(transport === 'tls' ? { caBundled: 'onenet-mqtts-ca.pem' } : {}),
    topics: oneNetTopics(productId, deviceName),
    notes: [
      {
        en: 'OneNET needs clean session = 1, no will, no retain, QoS 0 or 1.',
        zh: 'OneNET 要求 cleansession=1，不支持 will、retain 与 QoS2。',
      },
    ],
  };
};

export const oneNetCloud: CloudDefinition = {
  id: 'onenet',
  name: 'China Mobile OneNET',
  nameZh: '中国移动 OneNET',
  fields,
  compute: computeOneNet,
  docsUrl: 'https://open.iot.10086.cn/doc/mqtt/book/device-develop/manual.html',
};

export interface OneNetEmulatedDevice {
  productId: string;
  deviceName: string;
  /** Device-level access_key. */
  accessKey: string;
  /** Product-level access_key, if product-level tokens should be accepted. */
  productAccessKey?: string;
}

/**
 * Checks a CONNECT as OneNET's MQTT kit does: clientId = device name, username = product id, password = token.
 * Refusals: 2 clientId not a device of the product (or clean session 0, keepalive out of range), 4 wrong product id, token malformed, expired or wrongly signed.
 */
export const verifyOneNetConnect = (device: OneNetEmulatedDevice, c: ConnectAttempt, nowMs: number): ConnectVerdict => {
  if (!c.cleanSession) return { ok: false, returnCode: 2, reason: 'OneNET requires clean session = 1' };
  const keepaliveProblem = keepaliveOutOfRange(c.keepalive, ONENET_KEEPALIVE);
  if (keepaliveProblem) return { ok: false, returnCode: 2, reason: keepaliveProblem };
  if (c.username !== device.productId) return { ok: false, returnCode: 4, reason: 'username is not this product id' };
  if (c.clientId !== device.deviceName)
    return { ok: false, returnCode: 2, reason: 'clientId is not a device name of this product' };
  const token = parseOneNetToken(c.password ?? '');
  if (!token) return { ok: false, returnCode: 4, reason: 'password is not a version=&res=&et=&method=&sign= token' };
  if (token.version !== ONENET_TOKEN_VERSION)
    return { ok: false, returnCode: 4, reason: `unsupported token version ${token.version}` };
  if (!(ONENET_METHODS as readonly string[]).includes(token.method))
    return { ok: false, returnCode: 4, reason: `unsupported method ${token.method}` };
  let key: string | undefined;
  if (token.res === `products/${device.productId}/devices/${device.deviceName}`) key = device.accessKey;
  else if (token.res === `products/${device.productId}`) key = device.productAccessKey;
  if (!key) return { ok: false, returnCode: 4, reason: `token res ${token.res} does not grant this device` };
  if (token.et * 1000 < nowMs)
    return { ok: false, returnCode: 4, reason: `token expired at ${new Date(token.et * 1000).toISOString()}` };
  const expected = oneNetSignature({
    res: token.res,
    et: token.et,
    method: token.method as OneNetMethod,
    accessKey: key,
  });
  if (!constantTimeEqual(expected, token.sign))
    return { ok: false, returnCode: 4, reason: 'token signature does not match the access_key' };
  return { ok: true };
};
