import { base64ToBytes, bytesToBase64 } from '../codec/base64';
import { hmacBytes } from './crypto';
import { encodeUriComponentStrict } from './encoding';
import type { CloudCredentials, CloudDefinition, CloudField, CloudInput, CloudTopic } from './types';
import { unixSecondsField } from './expiry';
import { base64Field, reject, matching, optional, required } from './validate';

export const AZURE_API_VERSION = '2021-04-12';
/** IoT Hub closes idle connections after 1.5 × keepalive and caps keepalive at 1177 s. */
const AZURE_KEEPALIVE = { min: 1, max: 1177, recommended: 240 } as const;

/** Device SAS token as Azure's SDKs build it (azure-iot-sdk-node device/core SharedAccessSignature.create). */
export const azureSasToken = (hostName: string, deviceId: string, key: string, expiry: number | string): string => {
  const sr = encodeUriComponentStrict(`${hostName}/devices/${encodeUriComponentStrict(deviceId)}`);
  const sig = bytesToBase64(hmacBytes('sha256', base64ToBytes(key), `${sr}\n${expiry}`));
  return `SharedAccessSignature sr=${sr}&sig=${encodeUriComponentStrict(sig)}&se=${expiry}`;
};

/** `HostName=...;DeviceId=...;SharedAccessKey=...` from the portal. */
const parseAzureConnectionString = (
  text: string,
): { hostName?: string; deviceId?: string; sharedAccessKey?: string } => {
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return {
    ...(out.HostName ? { hostName: out.HostName } : {}),
    ...(out.DeviceId ? { deviceId: out.DeviceId } : {}),
    ...(out.SharedAccessKey ? { sharedAccessKey: out.SharedAccessKey } : {}),
  };
};

const topics = (id: string): CloudTopic[] => [
  {
    name: 'telemetry',
    direction: 'up',
    topic: `devices/${id}/messages/events/`,
    description: { en: 'Device-to-cloud telemetry', zh: '设备到云遥测' },
    example: '{"temperature":23.5}',
  },
  {
    name: 'c2d',
    direction: 'down',
    topic: `devices/${id}/messages/devicebound/{properties}`,
    filter: `devices/${id}/messages/devicebound/#`,
    description: { en: 'Cloud-to-device messages', zh: '云到设备消息' },
    example: 'hello device',
  },
  {
    name: 'twin.get',
    direction: 'up',
    topic: '$iothub/twin/GET/?$rid={rid}',
    description: { en: 'Request the device twin', zh: '获取设备孪生' },
    example: '',
  },
  {
    name: 'twin.reported',
    direction: 'up',
    topic: '$iothub/twin/PATCH/properties/reported/?$rid={rid}',
    description: { en: 'Update reported properties', zh: '更新报告属性' },
    example: '{"temperature":23.5}',
  },
  {
    name: 'twin.response',
    direction: 'down',
    topic: '$iothub/twin/res/{status}/?$rid={rid}',
    filter: '$iothub/twin/res/#',
    description: { en: 'Twin request results', zh: '孪生请求结果' },
    example: '{"desired":{},"reported":{}}',
  },
  {
    name: 'twin.desired',
    direction: 'down',
    topic: '$iothub/twin/PATCH/properties/desired/?$version={version}',
    filter: '$iothub/twin/PATCH/properties/desired/#',
    description: { en: 'Desired property changes', zh: '期望属性变更' },
    example: '{"interval":30,"$version":2}',
  },
  {
    name: 'methods.request',
    direction: 'down',
    topic: '$iothub/methods/POST/{method}/?$rid={rid}',
    filter: '$iothub/methods/POST/#',
    description: { en: 'Direct method calls', zh: '直接方法调用' },
    example: '{"delay":5}',
  },
  {
    name: 'methods.response',
    direction: 'up',
    topic: '$iothub/methods/res/{status}/?$rid={rid}',
    description: { en: 'Answer a direct method', zh: '直接方法响应' },
    example: '{"result":"ok"}',
  },
];

const fields: CloudField[] = [
  {
    id: 'connectionString',
    label: 'Device connection string (optional)',
    labelZh: '设备连接字符串（可选）',
    kind: 'secret',
    required: false,
    placeholder: 'HostName=...;DeviceId=...;SharedAccessKey=...',
  },
  {
    id: 'hostName',
    label: 'IoT hub host name',
    labelZh: 'IoT 中心主机名',
    kind: 'text',
    required: false,
    placeholder: 'myhub.azure-devices.net',
  },
  { id: 'deviceId', label: 'Device ID', labelZh: '设备 ID', kind: 'text', required: false },
  { id: 'sharedAccessKey', label: 'Primary key', labelZh: '主密钥', kind: 'secret', required: false },
  {
    id: 'expiresAt',
    label: 'SAS expiry (unix seconds)',
    labelZh: 'SAS 过期时间（Unix 秒）',
    kind: 'number',
    required: false,
  },
];

const computeAzure = (input: CloudInput, nowMs: number): CloudCredentials => {
  const cs = optional(input, 'connectionString');
  const fromCs = cs ? parseAzureConnectionString(cs) : {};
  if (cs && (!fromCs.hostName || !fromCs.deviceId || !fromCs.sharedAccessKey))
    reject(
      'connectionString',
      'The connection string needs HostName=, DeviceId= and SharedAccessKey= parts (copy the device primary connection string).',
      'azure.connectionString',
    );
  const merged = { ...input, ...fromCs };
  const hostName = matching(
    fromCs.hostName ?? required(input, 'hostName', 'IoT hub host name'),
    'hostName',
    /^[A-Za-z0-9.-]+$/,
    'Host name looks like myhub.azure-devices.net.',
    'azure.hostName',
  );
  const deviceId = fromCs.deviceId ?? required(input, 'deviceId', 'Device ID');
  if (deviceId.length > 128) reject('deviceId', 'Device ID is at most 128 characters.', 'azure.deviceId');
  const key = base64Field(merged, 'sharedAccessKey', 'Primary key');
  const nowS = Math.floor(nowMs / 1000);
  const se = unixSecondsField(input, 'expiresAt', 'SAS expiry se')?.text ?? String(nowS + 3600);
  return {
    cloud: 'azure',
    host: hostName,
    port: 8883,
    tls: true,
    clientId: deviceId,
    username: `${hostName}/${deviceId}/?api-version=${AZURE_API_VERSION}`,
    password: azureSasToken(hostName, deviceId, key, se),
    expiresAt: Number(se),
    keepalive: { ...AZURE_KEEPALIVE },
    caBundled: 'azure-iot-ca.pem',
    topics: topics(deviceId),
  };
};

export const azureCloud: CloudDefinition = {
  id: 'azure',
  name: 'Azure IoT Hub',
  nameZh: 'Azure IoT 中心',
  fields,
  compute: computeAzure,
  docsUrl: 'https://learn.microsoft.com/azure/iot/iot-mqtt-connect-to-iot-hub',
};
