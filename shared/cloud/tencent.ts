import { base64ToBytes } from '../codec/base64';
import { hmacBytes, toHex } from './crypto';
import type { CloudCredentials, CloudDefinition, CloudField, CloudInput, CloudTopic } from './types';
import { unixSecondsField } from './expiry';
import { base64Field, keepaliveField, matching, oneOf, optional, required, keepaliveFieldSpec } from './validate';

const TENCENT_METHODS = ['hmacsha256', 'hmacsha1'] as const;
type TencentMethod = (typeof TENCENT_METHODS)[number];
/** The sdkappid Tencent's MQTT key-authentication guide puts in the user name. */
export const TENCENT_SDK_APPID = '12010126';
/** IoT Hub / Explorer accept keepalive 0–900 s. */
const TENCENT_KEEPALIVE = { min: 0, max: 900, recommended: 240 } as const;

interface TencentAuthInput {
  productId: string;
  deviceName: string;
  /** The device PSK (DeviceSecret) as the console shows it, base64. */
  psk: string;
  connId: string;
  /** Unix seconds (a string keeps digits beyond 2^53 exactly as typed). */
  expiry: number | string;
  method: TencentMethod;
  sdkAppId?: string;
}

/** clientId `{pid}{dn}`, username `{pid}{dn};{sdkappid};{connid};{expiry}`, password `hex(hmac(psk, username));method`. */
export const tencentMqttAuth = (a: TencentAuthInput) => {
  const clientId = `${a.productId}${a.deviceName}`;
  const username = `${clientId};${a.sdkAppId ?? TENCENT_SDK_APPID};${a.connId};${a.expiry}`;
  const token = toHex(hmacBytes(a.method === 'hmacsha1' ? 'sha1' : 'sha256', base64ToBytes(a.psk), username));
  return { clientId, username, password: `${token};${a.method}` };
};

const explorerTopics = (pid: string, dn: string): CloudTopic[] => [
  {
    name: 'property.up',
    direction: 'up',
    topic: `$thing/up/property/${pid}/${dn}`,
    description: { en: 'Report properties (data template)', zh: '属性上报（数据模板）' },
    example: '{"method":"report","clientToken":"123","params":{"temperature":23.5}}',
  },
  {
    name: 'property.down',
    direction: 'down',
    topic: `$thing/down/property/${pid}/${dn}`,
    description: { en: 'Replies to reports and control from the cloud', zh: '属性下发与上报回复' },
    example: '{"method":"control","clientToken":"456","params":{"power_switch":1}}',
  },
  {
    name: 'event.up',
    direction: 'up',
    topic: `$thing/up/event/${pid}/${dn}`,
    description: { en: 'Report events', zh: '事件上报' },
    example: '{"method":"event_post","clientToken":"789","eventId":"alarm","type":"alert","params":{"level":1}}',
  },
  {
    name: 'event.down',
    direction: 'down',
    topic: `$thing/down/event/${pid}/${dn}`,
    description: { en: 'Event replies', zh: '事件回复' },
    example: '{"method":"event_reply","clientToken":"789","code":0,"status":"ok"}',
  },
  {
    name: 'action.down',
    direction: 'down',
    topic: `$thing/down/action/${pid}/${dn}`,
    description: { en: 'Actions called by the cloud', zh: '行为调用' },
    example: '{"method":"action","clientToken":"1","actionId":"open","params":{}}',
  },
  {
    name: 'action.up',
    direction: 'up',
    topic: `$thing/up/action/${pid}/${dn}`,
    description: { en: 'Answer an action', zh: '行为调用回复' },
    example: '{"method":"action_reply","clientToken":"1","code":0,"status":"ok","response":{}}',
  },
];

const hubTopics = (pid: string, dn: string): CloudTopic[] => [
  {
    name: 'data.up',
    direction: 'up',
    topic: `${pid}/${dn}/data`,
    description: { en: 'Custom data (publish and subscribe)', zh: '自定义数据（可发布/订阅）' },
    example: '{"temperature":23.5}',
  },
  {
    name: 'data.down',
    direction: 'down',
    topic: `${pid}/${dn}/data`,
    description: { en: 'Custom data', zh: '自定义数据' },
    example: '{"cmd":"on"}',
  },
  {
    name: 'event',
    direction: 'up',
    topic: `${pid}/${dn}/event`,
    description: { en: 'Events (publish)', zh: '事件（发布）' },
    example: '{"alarm":1}',
  },
  {
    name: 'control',
    direction: 'down',
    topic: `${pid}/${dn}/control`,
    description: { en: 'Control (subscribe)', zh: '控制（订阅）' },
    example: '{"switch":1}',
  },
  {
    name: 'shadow.operation',
    direction: 'up',
    topic: `$shadow/operation/${pid}/${dn}`,
    description: { en: 'Update or get the device shadow', zh: '设备影子更新/拉取' },
    example: '{"type":"update","state":{"reported":{"temperature":23.5}},"clientToken":"1","version":0}',
  },
  {
    name: 'shadow.result',
    direction: 'down',
    topic: `$shadow/operation/result/${pid}/${dn}`,
    description: { en: 'Shadow results and deltas', zh: '设备影子结果与 delta' },
    example: '{"type":"delta","payload":{"state":{"switch":1}}}',
  },
];

const fields: CloudField[] = [
  { id: 'productId', label: 'Product ID', labelZh: '产品ID', kind: 'text', required: true, placeholder: 'L4WG9V9M2M' },
  { id: 'deviceName', label: 'Device name', labelZh: '设备名称', kind: 'text', required: true },
  { id: 'psk', label: 'Device secret (PSK)', labelZh: '设备密钥', kind: 'secret', required: true },
  {
    id: 'connId',
    label: 'Connection id (5 characters)',
    labelZh: 'connid（5 位随机字符）',
    kind: 'text',
    required: false,
  },
  {
    id: 'expiry',
    label: 'Signature expiry (unix seconds)',
    labelZh: '签名过期时间（Unix 秒）',
    kind: 'number',
    required: false,
  },
  {
    id: 'method',
    label: 'Sign method',
    labelZh: '签名方法',
    kind: 'select',
    required: false,
    default: 'hmacsha256',
    options: TENCENT_METHODS.map((m) => ({ value: m, label: m })),
  },
  {
    id: 'platform',
    label: 'Platform',
    labelZh: '平台',
    kind: 'select',
    required: false,
    default: 'explorer',
    options: [
      { value: 'explorer', label: 'IoT Explorer (物联网开发平台)' },
      { value: 'hub', label: 'IoT Hub (物联网通信)' },
    ],
  },
  keepaliveFieldSpec(TENCENT_KEEPALIVE),
];

const connIdFrom = (nowMs: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let n = Math.floor(nowMs / 7) % alphabet.length ** 5;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length);
  }
  return out;
};

const computeTencent = (input: CloudInput, nowMs: number): CloudCredentials => {
  const productId = matching(
    required(input, 'productId', 'Product ID'),
    'productId',
    /^[A-Z0-9]{10}$/,
    'Product ID is 10 upper-case letters and digits (e.g. L4WG9V9M2M).',
    'tencent.productId',
  );
  const deviceName = matching(
    required(input, 'deviceName', 'Device name'),
    'deviceName',
    /^[A-Za-z0-9_\-.:@]{1,48}$/,
    'Device name may hold letters, digits and _ - . : @ only.',
    'tencent.deviceName',
  );
  const psk = base64Field(input, 'psk', 'Device secret');
  const connId = optional(input, 'connId') ?? connIdFrom(nowMs);
  matching(
    connId,
    'connId',
    /^[^;\s]+$/,
    'connid is a random string without ; or spaces (the SDK uses 5 letters and digits, e.g. AbC12).',
    'tencent.connId',
  );
  const nowS = Math.floor(nowMs / 1000);
  const expiry = unixSecondsField(input, 'expiry', 'expiry')?.text ?? String(nowS + 365 * 24 * 3600);
  const method = oneOf(input, 'method', TENCENT_METHODS, 'hmacsha256', 'method');
  const platform = oneOf(input, 'platform', ['explorer', 'hub'] as const, 'explorer', 'platform');
  keepaliveField(input, TENCENT_KEEPALIVE, 'Tencent IoT');
  const auth = tencentMqttAuth({ productId, deviceName, psk, connId, expiry, method });
  return {
    cloud: 'tencent',
    host: `${productId}.iotcloud.tencentdevices.com`,
    port: 1883,
    tls: false,
    ...auth,
    expiresAt: Number(expiry),
    keepalive: { ...TENCENT_KEEPALIVE },
    caBundled: 'tencent-iot-ca.pem',
    topics: platform === 'explorer' ? explorerTopics(productId, deviceName) : hubTopics(productId, deviceName),
    notes: [
      {
        en: 'Key authentication uses port 1883; certificate devices use 8883.',
        zh: '密钥认证使用 1883 端口；证书认证使用 8883。',
      },
    ],
  };
};

export const tencentCloud: CloudDefinition = {
  id: 'tencent',
  name: 'Tencent Cloud IoT Explorer / IoT Hub',
  nameZh: '腾讯云物联网开发平台 / 物联网通信',
  fields,
  compute: computeTencent,
  docsUrl: 'https://cloud.tencent.com/document/product/1081/47442',
};
