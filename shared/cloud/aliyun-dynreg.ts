import {
  ALIYUN_DEVICE_NAME_FIELD,
  ALIYUN_DEVICE_NAME_PATTERN,
  ALIYUN_PRODUCT_KEY_FIELD,
  ALIYUN_PRODUCT_KEY_PATTERN,
  aliyunHost,
  aliyunSign,
  type AliyunSignMethod,
} from './aliyun';
import { AppError } from '../errors';
import type { CloudField } from './types';

/** The product certificate (产品证书) of "one type, one secret", labelled as the Aliyun console labels it. */
export const ALIYUN_REGISTER_FIELDS: CloudField[] = [
  ALIYUN_PRODUCT_KEY_FIELD,
  { id: 'productSecret', label: 'ProductSecret', labelZh: 'ProductSecret（产品密钥）', kind: 'secret', required: true },
  ALIYUN_DEVICE_NAME_FIELD,
  {
    id: 'transport',
    label: 'Registration over',
    labelZh: '注册方式',
    kind: 'select',
    required: true,
    default: 'mqtt',
    options: [
      { value: 'mqtt', label: 'MQTT (TLS, securemode=2)' },
      { value: 'https', label: 'HTTPS (iot-auth.{region}.aliyuncs.com)' },
    ],
  },
];

export const ALIYUN_REGISTER_PATTERNS: Readonly<Record<string, RegExp>> = {
  productKey: ALIYUN_PRODUCT_KEY_PATTERN,
  productSecret: /^[A-Za-z0-9]{1,64}$/,
  deviceName: ALIYUN_DEVICE_NAME_PATTERN,
};

/** One type, one secret: the product's key pair burnt into every device of the product. */
export interface AliyunRegisterInput {
  productKey: string;
  productSecret: string;
  deviceName: string;
  /** A random string chosen by the device (digits or letters). */
  random: string;
  signMethod?: AliyunSignMethod;
  regionId?: string;
  instanceId?: string;
  /** The part before `|` of the client id; defaults to the device name. */
  clientId?: string;
}

interface AliyunRegisterConnect {
  host: string;
  port: number;
  tls: true;
  clientId: string;
  username: string;
  password: string;
  /** Topic on which the cloud pushes the answer right after CONNACK (no subscribe needed). */
  replyTopic: '/ext/register' | '/ext/regnwl';
}

/**
 * CONNECT parameters for MQTT dynamic registration (TLS only): `register` when the device was pre-registered
 * in the console, `regnwl` for registration without pre-registration (instances only).
 * https://help.aliyun.com/document_detail/132111.html
 */
export const aliyunRegisterConnect = (mode: 'register' | 'regnwl', a: AliyunRegisterInput): AliyunRegisterConnect => {
  const signMethod = a.signMethod ?? 'hmacsha256';
  const ext = [`securemode=2`, `authType=${mode}`, `random=${a.random}`, `signmethod=${signMethod}`];
  if (a.instanceId) ext.push(`instanceId=${a.instanceId}`);
  return {
    host: aliyunHost(a.productKey, a.regionId, a.instanceId),
    port: 1883,
    tls: true,
    clientId: `${a.clientId ?? a.deviceName}|${ext.join(',')}|`,
    username: `${a.deviceName}&${a.productKey}`,
    password: aliyunSign(signMethod, a.productSecret, {
      deviceName: a.deviceName,
      productKey: a.productKey,
      random: a.random,
    }),
    replyTopic: mode === 'register' ? '/ext/register' : '/ext/regnwl',
  };
};

export type AliyunRegisterResult =
  | { kind: 'register'; productKey: string; deviceName: string; deviceSecret: string }
  | { kind: 'regnwl'; productKey: string; deviceName: string; clientId: string; deviceToken: string };

const parseJsonObject = (text: string, what: string): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_PAYLOAD', `${what} is not JSON.`, { messageKey: 'aliyunRegister.notJson' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AppError('INVALID_PAYLOAD', `${what} is not a JSON object.`, { messageKey: 'aliyunRegister.notJson' });
  return value as Record<string, unknown>;
};

const str = (o: Record<string, unknown>, key: string, what: string): string => {
  const v = o[key];
  if (typeof v !== 'string' || !v)
    throw new AppError('INVALID_PAYLOAD', `${what} has no ${key}.`, { messageKey: 'aliyunRegister.missing', key });
  return v;
};

/** Parses the message the cloud pushes on /ext/register or /ext/regnwl after a registration CONNECT. */
export const parseAliyunRegisterReply = (topic: string, payload: string): AliyunRegisterResult => {
  const what = `The registration reply on ${topic}`;
  const o = parseJsonObject(payload, what);
  if (topic === '/ext/register')
    return {
      kind: 'register',
      productKey: str(o, 'productKey', what),
      deviceName: str(o, 'deviceName', what),
      deviceSecret: str(o, 'deviceSecret', what),
    };
  if (topic === '/ext/regnwl')
    return {
      kind: 'regnwl',
      productKey: str(o, 'productKey', what),
      deviceName: str(o, 'deviceName', what),
      clientId: str(o, 'clientId', what),
      deviceToken: str(o, 'deviceToken', what),
    };
  throw new AppError(
    'INVALID_PAYLOAD',
    `${topic} is not a registration reply topic (expected /ext/register or /ext/regnwl).`,
    { messageKey: 'aliyunRegister.wrongTopic', topic },
  );
};

/** CONNECT parameters after regnwl: the token is the password (securemode=-2, authType=connwl). */
export const aliyunConnwlConnect = (r: {
  clientId: string;
  productKey: string;
  deviceName: string;
  deviceToken: string;
}) => ({
  clientId: `${r.clientId}|securemode=-2,authType=connwl|`,
  username: `${r.deviceName}&${r.productKey}`,
  password: r.deviceToken,
});

interface HttpRequestSpec {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** HTTPS dynamic registration request (https://help.aliyun.com/document_detail/89298.html). */
export const aliyunHttpsRegisterRequest = (a: AliyunRegisterInput): HttpRequestSpec => {
  const signMethod = a.signMethod ?? 'hmacsha256';
  const sign = aliyunSign(signMethod, a.productSecret, {
    deviceName: a.deviceName,
    productKey: a.productKey,
    random: a.random,
  });
  const body = new URLSearchParams({
    productKey: a.productKey,
    deviceName: a.deviceName,
    random: a.random,
    sign,
    signMethod,
  }).toString();
  return {
    url: `https://iot-auth.${a.regionId ?? 'cn-shanghai'}.aliyuncs.com/auth/register/device`,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  };
};

/** Parses `{"code":200,"data":{"productKey","deviceName","deviceSecret"},"message":"success"}`. */
export const parseAliyunHttpsRegisterReply = (
  text: string,
): { productKey: string; deviceName: string; deviceSecret: string } => {
  const what = 'The registration reply';
  const o = parseJsonObject(text, what);
  if (o.code !== 200) {
    const message = typeof o.message === 'string' ? o.message : 'no message';
    throw new AppError(
      'INVALID_CREDENTIALS',
      `Aliyun refused the registration (code ${String(o.code)}: ${message}); check ProductKey, ProductSecret and that dynamic registration is on for the product.`,
      { messageKey: 'aliyunRegister.refused', status: String(o.code), reason: message },
    );
  }
  const data = o.data;
  if (typeof data !== 'object' || data === null)
    throw new AppError('INVALID_PAYLOAD', `${what} has no data object.`, {
      messageKey: 'aliyunRegister.missing',
      key: 'data',
    });
  const d = data as Record<string, unknown>;
  return {
    productKey: str(d, 'productKey', what),
    deviceName: str(d, 'deviceName', what),
    deviceSecret: str(d, 'deviceSecret', what),
  };
};
