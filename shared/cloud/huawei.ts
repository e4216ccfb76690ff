import { constantTimeEqual, hmacBytes, toHex } from './crypto';
import { huaweiTopics } from './huawei-topics';
import type {
  CloudCredentials,
  CloudDefinition,
  CloudField,
  CloudInput,
  ConnectAttempt,
  ConnectVerdict,
} from './types';
import {
  reject,
  keepaliveField,
  matching,
  oneOf,
  optional,
  required,
  keepaliveFieldSpec,
  keepaliveOutOfRange,
} from './validate';

/** IoTDA: keepalive 30–1200 s (clientId format and keepalive errors both answer CONNACK 2). */
const HUAWEI_KEEPALIVE = { min: 30, max: 1200, recommended: 120 } as const;

/** UTC time as YYYYMMDDHH, the timestamp Huawei puts in the client id and keys the password with. */
export const huaweiTimestamp = (nowMs: number): string =>
  new Date(nowMs).toISOString().slice(0, 13).replace(/[-T]/g, '');

const isValidHourStamp = (ts: string): boolean => {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) return false;
  const [, y, mo, d, h] = m.map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h));
  return (
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h
  );
};

/** Password = HMAC-SHA256(key = timestamp, message = secret), lowercase hex (Huawei SDKs' shaHMac). */
export const huaweiPassword = (secret: string, timestamp: string): string =>
  toHex(hmacBytes('sha256', timestamp, secret));

const huaweiClientId = (deviceId: string, checkTimestamp: boolean, timestamp: string): string =>
  `${deviceId}_0_${checkTimestamp ? 1 : 0}_${timestamp}`;

const fields: CloudField[] = [
  {
    id: 'deviceId',
    label: 'Device ID',
    labelZh: '设备ID',
    kind: 'text',
    required: true,
    placeholder: '5fbbb784b4ec2202e982e643_868540050954037',
  },
  { id: 'secret', label: 'Secret', labelZh: '设备密钥', kind: 'secret', required: true },
  {
    id: 'timestamp',
    label: 'Timestamp (UTC YYYYMMDDHH)',
    labelZh: '时间戳（UTC，YYYYMMDDHH）',
    kind: 'text',
    required: false,
    help: { en: 'Defaults to the current UTC hour.', zh: '默认为当前 UTC 小时。' },
  },
  {
    id: 'checkTimestamp',
    label: 'Password signature type',
    labelZh: '密码签名类型',
    kind: 'select',
    required: false,
    default: '0',
    options: [
      { value: '0', label: '0 — HMACSHA256, timestamp not checked' },
      { value: '1', label: '1 — HMACSHA256, timestamp checked' },
    ],
  },
  {
    id: 'host',
    label: 'Access address (console: Overview → Access Information)',
    labelZh: '接入地址（总览 → 接入信息）',
    kind: 'text',
    required: false,
    placeholder: 'xxxxxxxxxx.st1.iotda-device.cn-north-4.myhuaweicloud.com',
  },
  { id: 'region', label: 'Region', labelZh: '区域', kind: 'text', required: false, default: 'cn-north-4' },
  {
    id: 'tls',
    label: 'Transport',
    labelZh: '接入协议',
    kind: 'select',
    required: false,
    default: 'tls',
    options: [
      { value: 'tls', label: 'MQTTS 8883' },
      { value: 'tcp', label: 'MQTT 1883' },
    ],
  },
  keepaliveFieldSpec(HUAWEI_KEEPALIVE),
];

const computeHuawei = (input: CloudInput, nowMs: number): CloudCredentials => {
  const deviceId = matching(
    required(input, 'deviceId', 'Device ID'),
    'deviceId',
    /^[A-Za-z0-9_\-:]{1,128}$/,
    'Device ID is {product_id}_{node_id}: letters, digits, _ - : only.',
    'huawei.deviceId',
  );
  const secret = required(input, 'secret', 'Secret');
  if (/\s/.test(secret))
    reject('secret', 'Secret contains spaces: copy it again from the device details.', 'huawei.secret');
  const timestamp = optional(input, 'timestamp') ?? huaweiTimestamp(nowMs);
  if (!isValidHourStamp(timestamp))
    reject('timestamp', 'Huawei timestamp is UTC YYYYMMDDHH, e.g. 2021011909.', 'huawei.timestamp');
  const check = oneOf(input, 'checkTimestamp', ['0', '1'] as const, '0', 'checkTimestamp') === '1';
  const region = optional(input, 'region') ?? 'cn-north-4';
  if (!/^[a-z]{2}-[a-z]+-\d+$/.test(region)) reject('region', 'Region looks like cn-north-4.', 'huawei.region');
  const host = optional(input, 'host') ?? `iot-mqtts.${region}.myhuaweicloud.com`;
  if (!/^[A-Za-z0-9.-]+$/.test(host))
    reject('host', 'Access address is a host name such as iot-mqtts.cn-north-4.myhuaweicloud.com.', 'huawei.host');
  const tls = oneOf(input, 'tls', ['tls', 'tcp'] as const, 'tls', 'transport') === 'tls';
  keepaliveField(input, HUAWEI_KEEPALIVE, 'Huawei IoTDA');
  return {
    cloud: 'huawei',
    host,
    port: tls ? 8883 : 1883,
    tls,
    clientId: huaweiClientId(deviceId, check, timestamp),
    username: deviceId,
    password: huaweiPassword(secret, timestamp),
    keepalive: { ...HUAWEI_KEEPALIVE },
    caBundled: 'huawei-iotda-ca.pem',
    topics: huaweiTopics(deviceId),
    notes: check
      ? [
          {
            en: 'With type 1 the timestamp must be the current UTC hour when connecting.',
            zh: '类型 1 校验时间戳：连接时须为当前 UTC 小时。',
          },
        ]
      : [],
  };
};

export const huaweiCloud: CloudDefinition = {
  id: 'huawei',
  name: 'Huawei Cloud IoTDA',
  nameZh: '华为云设备接入 IoTDA',
  fields,
  compute: computeHuawei,
  docsUrl: 'https://support.huaweicloud.com/api-iothub/iot_06_v5_3009.html',
};

export interface HuaweiEmulatedDevice {
  deviceId: string;
  secret: string;
}

/**
 * Checks a CONNECT as IoTDA does (https://support.huaweicloud.com/api-iothub/iot_06_v5_3009.html):
 * 2 clientId malformed or keepalive out of range, 4 wrong user name or password (also a stale timestamp
 * when type 1 asks for the check, since the password is keyed with it).
 */
export const verifyHuaweiConnect = (
  device: HuaweiEmulatedDevice,
  c: ConnectAttempt,
  nowMs: number,
  options: { forceTimestampCheck?: boolean } = {},
): ConnectVerdict => {
  const m = /^(.+)_0_([01])_(\d{10})$/.exec(c.clientId);
  if (!m || !isValidHourStamp(m[3]!))
    return { ok: false, returnCode: 2, reason: 'clientId is not {device_id}_0_{0|1}_{YYYYMMDDHH}' };
  const keepaliveProblem = keepaliveOutOfRange(c.keepalive, HUAWEI_KEEPALIVE);
  if (keepaliveProblem) return { ok: false, returnCode: 2, reason: keepaliveProblem };
  const [, id, type, ts] = m as unknown as [string, string, string, string];
  if (id !== device.deviceId || c.username !== device.deviceId)
    return { ok: false, returnCode: 4, reason: 'no such device id' };
  if (type === '1' || options.forceTimestampCheck) {
    const now = huaweiTimestamp(nowMs);
    const hourMs = 3600_000;
    const allowed = [huaweiTimestamp(nowMs - hourMs), now, huaweiTimestamp(nowMs + hourMs)];
    if (!allowed.includes(ts))
      return { ok: false, returnCode: 4, reason: `timestamp ${ts} is not the current UTC hour (${now})` };
  }
  if (!c.password || !constantTimeEqual(huaweiPassword(device.secret, ts), c.password.toLowerCase()))
    return { ok: false, returnCode: 4, reason: 'password does not match the secret' };
  return { ok: true };
};
