import { constantTimeEqual, hmacBytes, toHex, type HashName } from './crypto';
import { aliyunTopics } from './aliyun-topics';
import type { CloudCredentials, CloudDefinition, CloudField, CloudInput, ConnectAttempt } from './types';
import {
  integerField,
  reject,
  keepaliveField,
  matching,
  oneOf,
  optional,
  required,
  keepaliveFieldSpec,
  keepaliveOutOfRange,
} from './validate';

export const ALIYUN_SIGN_METHODS = ['hmacmd5', 'hmacsha1', 'hmacsha256'] as const;
export type AliyunSignMethod = (typeof ALIYUN_SIGN_METHODS)[number];
const ALIYUN_KEEPALIVE = { min: 30, max: 1200, recommended: 300 } as const;
const ALIYUN_DEFAULT_REGION = 'cn-shanghai';

const HASH_OF: Record<AliyunSignMethod, HashName> = { hmacmd5: 'md5', hmacsha1: 'sha1', hmacsha256: 'sha256' };

export const isAliyunSignMethod = (v: string): v is AliyunSignMethod =>
  (ALIYUN_SIGN_METHODS as readonly string[]).includes(v);

/** HMAC of the "sorted keys then values" content Aliyun signs, as lowercase hex. */
export const aliyunSign = (method: AliyunSignMethod, secret: string, params: Record<string, string>): string => {
  const content = Object.keys(params)
    .sort()
    .map((k) => k + params[k])
    .join('');
  return toHex(hmacBytes(HASH_OF[method], secret, content));
};

interface AliyunAuthInput {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
  /** The part before `|`; defaults to the device name. */
  clientId?: string;
  /** Milliseconds since epoch; optional (the cloud does not check its window). */
  timestamp?: string;
  signMethod?: AliyunSignMethod;
  secureMode?: 2 | 3;
}

interface MqttTriple {
  clientId: string;
  username: string;
  password: string;
}

/** The CONNECT triple of "one device, one secret" (https://help.aliyun.com/document_detail/73742.html). */
export const aliyunMqttAuth = (a: AliyunAuthInput): MqttTriple => {
  const signMethod = a.signMethod ?? 'hmacsha256';
  const cid = a.clientId ?? a.deviceName;
  const params: Record<string, string> = { clientId: cid, deviceName: a.deviceName, productKey: a.productKey };
  if (a.timestamp !== undefined) params.timestamp = a.timestamp;
  const ext = [`securemode=${a.secureMode ?? 2}`, `signmethod=${signMethod}`];
  if (a.timestamp !== undefined) ext.push(`timestamp=${a.timestamp}`);
  return {
    clientId: `${cid}|${ext.join(',')}|`,
    username: `${a.deviceName}&${a.productKey}`,
    password: aliyunSign(signMethod, a.deviceSecret, params),
  };
};

export const aliyunHost = (productKey: string, region?: string, instanceId?: string): string =>
  instanceId
    ? `${instanceId}.mqtt.iothub.aliyuncs.com`
    : `${productKey}.iot-as-mqtt.${region ?? ALIYUN_DEFAULT_REGION}.aliyuncs.com`;

export const ALIYUN_PRODUCT_KEY_PATTERN = /^[A-Za-z0-9]{1,32}$/;
export const ALIYUN_DEVICE_NAME_PATTERN = /^[A-Za-z0-9_\-.@:]{1,64}$/;

export const ALIYUN_PRODUCT_KEY_FIELD: CloudField = {
  id: 'productKey',
  label: 'ProductKey',
  labelZh: 'ProductKey（产品标识）',
  kind: 'text',
  required: true,
  placeholder: 'a1llZotKkCm',
};

export const ALIYUN_DEVICE_NAME_FIELD: CloudField = {
  id: 'deviceName',
  label: 'DeviceName',
  labelZh: 'DeviceName（设备名称）',
  kind: 'text',
  required: true,
};

const fields: CloudField[] = [
  ALIYUN_PRODUCT_KEY_FIELD,
  ALIYUN_DEVICE_NAME_FIELD,
  { id: 'deviceSecret', label: 'DeviceSecret', labelZh: 'DeviceSecret（设备密钥）', kind: 'secret', required: true },
  {
    id: 'clientId',
    label: 'Client ID (your choice, e.g. IMEI)',
    labelZh: 'clientId（自定义，建议用 IMEI/SN）',
    kind: 'text',
    required: false,
    help: { en: 'Up to 64 characters; defaults to the DeviceName.', zh: '64 字符以内；默认与 DeviceName 相同。' },
  },
  {
    id: 'timestamp',
    label: 'Timestamp (ms, optional)',
    labelZh: 'timestamp（毫秒，可选）',
    kind: 'text',
    required: false,
  },
  {
    id: 'signMethod',
    label: 'Sign method',
    labelZh: '签名方法 signmethod',
    kind: 'select',
    required: false,
    default: 'hmacsha256',
    options: ALIYUN_SIGN_METHODS.map((m) => ({ value: m, label: m })),
  },
  {
    id: 'secureMode',
    label: 'Secure mode',
    labelZh: '安全模式 securemode',
    kind: 'select',
    required: false,
    default: '2',
    options: [
      { value: '2', label: '2 — TLS' },
      { value: '3', label: '3 — TCP (no TLS)' },
    ],
  },
  {
    id: 'regionId',
    label: 'Region ID',
    labelZh: '地域 RegionId',
    kind: 'text',
    required: false,
    default: ALIYUN_DEFAULT_REGION,
  },
  {
    id: 'instanceId',
    label: 'Instance ID (new public / enterprise instance)',
    labelZh: '实例 ID（新版公共实例/企业版实例）',
    kind: 'text',
    required: false,
    placeholder: 'iot-06z00xxxxxxxx',
  },
  keepaliveFieldSpec(ALIYUN_KEEPALIVE),
];

const computeAliyun = (input: CloudInput, nowMs: number): CloudCredentials => {
  void nowMs;
  const productKey = matching(
    required(input, 'productKey', 'ProductKey'),
    'productKey',
    ALIYUN_PRODUCT_KEY_PATTERN,
    'ProductKey is letters and digits only (e.g. a1llZotKkCm): copy it from the device details page.',
    'aliyun.productKey',
  );
  const deviceName = matching(
    required(input, 'deviceName', 'DeviceName'),
    'deviceName',
    ALIYUN_DEVICE_NAME_PATTERN,
    'DeviceName may hold only letters, digits and _ - . @ : (Aliyun allows 4–32 of them).',
    'aliyun.deviceName',
  );
  const deviceSecret = matching(
    required(input, 'deviceSecret', 'DeviceSecret'),
    'deviceSecret',
    /^[A-Za-z0-9]{1,64}$/,
    'DeviceSecret is letters and digits only: copy it again from the device details page (no spaces).',
    'aliyun.deviceSecret',
  );
  const clientId = optional(input, 'clientId');
  if (clientId !== undefined && (clientId.length > 64 || /[|,=\s]/.test(clientId)))
    reject('clientId', 'clientId must be at most 64 characters without | , = or spaces.', 'aliyun.clientId');
  const timestamp = optional(input, 'timestamp');
  if (timestamp !== undefined)
    matching(
      timestamp,
      'timestamp',
      /^\d+$/,
      'timestamp is milliseconds since 1970, digits only (e.g. 1539421321846).',
      'aliyun.timestamp',
    );
  const signMethod = oneOf(input, 'signMethod', ALIYUN_SIGN_METHODS, 'hmacsha256', 'signmethod');
  const secureMode = Number(oneOf(input, 'secureMode', ['2', '3'] as const, '2', 'securemode')) as 2 | 3;
  const region = optional(input, 'regionId');
  if (region !== undefined)
    matching(region, 'regionId', /^[a-z]{2}-[a-z0-9-]+$/, 'Region ID looks like cn-shanghai.', 'aliyun.regionId');
  const instanceId = optional(input, 'instanceId');
  if (instanceId !== undefined)
    matching(
      instanceId,
      'instanceId',
      /^[A-Za-z0-9-]+$/,
      'Instance ID looks like iot-06z00xxxxxxxx.',
      'aliyun.instanceId',
    );
  keepaliveField(input, ALIYUN_KEEPALIVE, 'Aliyun');
  integerField(input, 'keepalive', 'keepalive');

  const triple = aliyunMqttAuth({
    productKey,
    deviceName,
    deviceSecret,
    ...(clientId === undefined ? {} : { clientId }),
    ...(timestamp === undefined ? {} : { timestamp }),
    signMethod,
    secureMode,
  });
  return {
    cloud: 'aliyun',
    host: aliyunHost(productKey, region, instanceId),
    port: 1883,
    tls: secureMode === 2,
    ...triple,
    keepalive: { ...ALIYUN_KEEPALIVE },
    caBundled: 'aliyun-root-ca.pem',
    topics: aliyunTopics(productKey, deviceName),
    notes: [
      {
        en: 'securemode=2 means TLS on the same port 1883; securemode=3 is plain TCP.',
        zh: 'securemode=2 表示在 1883 端口上使用 TLS；securemode=3 为 TCP 直连。',
      },
    ],
  };
};

export const aliyunCloud: CloudDefinition = {
  id: 'aliyun',
  name: 'Alibaba Cloud IoT Platform',
  nameZh: '阿里云物联网平台',
  fields,
  compute: computeAliyun,
  docsUrl: 'https://help.aliyun.com/document_detail/73742.html',
};

/** The `cid|k=v,...|` client id, split; undefined when it is not in that shape. */
export const parseAliyunClientId = (clientId: string): { base: string; params: Map<string, string> } | undefined => {
  const m = /^([^|]*)\|([^|]*)\|$/.exec(clientId);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const part of m[2]!.split(',')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return { base: m[1]!, params };
};

export interface AliyunEmulatedDevice {
  productKey: string;
  deviceName: string;
  deviceSecret?: string;
  /** Enables one-type-one-secret registration (authType=register / regnwl). */
  productSecret?: string;
  /** Tokens issued by regnwl, by client id (authType=connwl). */
  deviceTokens?: Map<string, string>;
}

type AliyunSessionKind = 'device' | 'register' | 'regnwl' | 'connwl';

type AliyunVerdict =
  { ok: true; kind: AliyunSessionKind; clientBase: string } | { ok: false; returnCode: 2 | 4 | 5; reason: string };

/**
 * Checks a CONNECT as Aliyun IoT does. Return codes follow Aliyun's troubleshooting table and Link SDK:
 * 2 = clientId or its extension parameters malformed, 4 = username/password malformed,
 * 5 = authentication failed (wrong triple or signature).
 */
export const verifyAliyunConnect = (device: AliyunEmulatedDevice, c: ConnectAttempt): AliyunVerdict => {
  const parsed = parseAliyunClientId(c.clientId);
  if (!parsed)
    return { ok: false, returnCode: 2, reason: 'clientId is not in the form clientId|securemode=..,signmethod=..|' };
  const { base, params } = parsed;
  if (base.length === 0 || base.length > 64)
    return { ok: false, returnCode: 2, reason: 'clientId part must be 1–64 characters' };
  const authType = params.get('authType');
  const secureMode = params.get('securemode');
  const signMethod = params.get('signmethod') ?? 'hmacmd5';
  if (authType !== undefined && !['register', 'regnwl', 'connwl'].includes(authType))
    return { ok: false, returnCode: 2, reason: `unknown authType ${authType}` };
  if (authType === 'connwl') {
    if (secureMode !== '-2') return { ok: false, returnCode: 2, reason: 'connwl needs securemode=-2' };
  } else {
    if (secureMode !== '2' && secureMode !== '3')
      return { ok: false, returnCode: 2, reason: 'securemode must be 2 (TLS) or 3 (TCP)' };
    if (!isAliyunSignMethod(signMethod))
      return { ok: false, returnCode: 2, reason: `unsupported signmethod ${signMethod}` };
  }
  const user = /^([^&]+)&([^&]+)$/.exec(c.username ?? '');
  if (!user) return { ok: false, returnCode: 4, reason: 'username must be DeviceName&ProductKey' };
  if (!c.password) return { ok: false, returnCode: 4, reason: 'password is missing' };
  const [, deviceName, productKey] = user;
  if (productKey !== device.productKey || deviceName !== device.deviceName)
    return { ok: false, returnCode: 5, reason: 'no such device in this product' };

  if (authType === 'register' || authType === 'regnwl') {
    if (secureMode !== '2')
      return { ok: false, returnCode: 2, reason: 'dynamic registration needs TLS (securemode=2)' };
    const random = params.get('random');
    if (!random) return { ok: false, returnCode: 2, reason: 'dynamic registration needs random=' };
    if (!device.productSecret)
      return { ok: false, returnCode: 5, reason: 'dynamic registration is not enabled for this product' };
    const expected = aliyunSign(signMethod as AliyunSignMethod, device.productSecret, {
      deviceName,
      productKey,
      random,
    });
    if (!constantTimeEqual(expected, c.password.toLowerCase()))
      return { ok: false, returnCode: 4, reason: 'registration signature does not match the ProductSecret' };
    return { ok: true, kind: authType, clientBase: base };
  }
  if (authType === 'connwl') {
    const token = device.deviceTokens?.get(base);
    if (!token || !constantTimeEqual(token, c.password))
      return { ok: false, returnCode: 5, reason: 'unknown deviceToken' };
    return { ok: true, kind: 'connwl', clientBase: base };
  }
  const keepaliveProblem = keepaliveOutOfRange(c.keepalive, ALIYUN_KEEPALIVE);
  if (keepaliveProblem) return { ok: false, returnCode: 2, reason: keepaliveProblem };
  if (!device.deviceSecret) return { ok: false, returnCode: 5, reason: 'device has no DeviceSecret yet' };
  const signed: Record<string, string> = { clientId: base, deviceName, productKey };
  const ts = params.get('timestamp');
  if (ts !== undefined) signed.timestamp = ts;
  const expected = aliyunSign(signMethod as AliyunSignMethod, device.deviceSecret, signed);
  if (!constantTimeEqual(expected, c.password.toLowerCase()))
    return { ok: false, returnCode: 5, reason: 'signature does not match DeviceSecret' };
  return { ok: true, kind: 'device', clientBase: base };
};
