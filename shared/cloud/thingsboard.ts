import type { CloudCredentials, CloudDefinition, CloudField, CloudInput, CloudTopic } from './types';
import { integerField, reject, matching, oneOf, optional, required } from './validate';

const THINGSBOARD_KEEPALIVE = { min: 1, max: 65535, recommended: 60 } as const;

const topics: CloudTopic[] = [
  {
    name: 'telemetry',
    direction: 'up',
    topic: 'v1/devices/me/telemetry',
    description: { en: 'Time-series data', zh: '遥测数据' },
    example: '{"temperature":23.5}',
  },
  {
    name: 'attributes',
    direction: 'up',
    topic: 'v1/devices/me/attributes',
    description: { en: 'Client-side attributes', zh: '客户端属性' },
    example: '{"firmware":"1.0.0"}',
  },
  {
    name: 'attributes.updates',
    direction: 'down',
    topic: 'v1/devices/me/attributes',
    description: { en: 'Shared attribute updates', zh: '共享属性更新' },
    example: '{"interval":30}',
  },
  {
    name: 'attributes.request',
    direction: 'up',
    topic: 'v1/devices/me/attributes/request/{request_id}',
    description: { en: 'Ask for attributes', zh: '请求属性' },
    example: '{"sharedKeys":"interval"}',
  },
  {
    name: 'attributes.response',
    direction: 'down',
    topic: 'v1/devices/me/attributes/response/{request_id}',
    filter: 'v1/devices/me/attributes/response/+',
    description: { en: 'Attribute values', zh: '属性响应' },
    example: '{"shared":{"interval":30}}',
  },
  {
    name: 'rpc.request',
    direction: 'down',
    topic: 'v1/devices/me/rpc/request/{request_id}',
    filter: 'v1/devices/me/rpc/request/+',
    description: { en: 'Server-side RPC', zh: '服务端 RPC 请求' },
    example: '{"method":"setGpio","params":{"pin":4,"value":1}}',
  },
  {
    name: 'rpc.response',
    direction: 'up',
    topic: 'v1/devices/me/rpc/response/{request_id}',
    description: { en: 'Answer an RPC with the same id', zh: 'RPC 响应' },
    example: '{"result":"ok"}',
  },
];

const fields: CloudField[] = [
  {
    id: 'host',
    label: 'ThingsBoard host',
    labelZh: 'ThingsBoard 主机',
    kind: 'text',
    required: true,
    placeholder: 'demo.thingsboard.io',
  },
  { id: 'port', label: 'Port', labelZh: '端口', kind: 'number', required: false },
  {
    id: 'tls',
    label: 'TLS',
    labelZh: 'TLS',
    kind: 'select',
    required: false,
    default: 'no',
    options: [
      { value: 'no', label: 'no (1883)' },
      { value: 'yes', label: 'yes (8883)' },
    ],
  },
  { id: 'accessToken', label: 'Access token', labelZh: '访问令牌', kind: 'secret', required: true },
  { id: 'clientId', label: 'Client ID (optional)', labelZh: '客户端 ID（可选）', kind: 'text', required: false },
];

const computeThingsBoard = (input: CloudInput, nowMs: number): CloudCredentials => {
  const host = matching(
    required(input, 'host', 'Host'),
    'host',
    /^[A-Za-z0-9.-]+$/,
    'Host is a host name or IP address such as demo.thingsboard.io.',
    'thingsboard.host',
  );
  const tls = oneOf(input, 'tls', ['no', 'yes'] as const, 'no', 'tls') === 'yes';
  const port = integerField(input, 'port', 'port', { min: 1, max: 65535 }) ?? (tls ? 8883 : 1883);
  const accessToken = required(input, 'accessToken', 'Access token');
  if (/\s/.test(accessToken))
    reject(
      'accessToken',
      'Access token contains spaces: copy it again from the device page (Copy access token).',
      'thingsboard.accessToken',
    );
  const clientId = optional(input, 'clientId') ?? `qpy-${(nowMs % 1_000_000).toString(36)}`;
  return {
    cloud: 'thingsboard',
    host,
    port,
    tls,
    clientId,
    username: accessToken,
    password: '',
    keepalive: { ...THINGSBOARD_KEEPALIVE },
    topics,
  };
};

export const thingsBoardCloud: CloudDefinition = {
  id: 'thingsboard',
  name: 'ThingsBoard',
  nameZh: 'ThingsBoard',
  fields,
  compute: computeThingsBoard,
  docsUrl: 'https://thingsboard.io/docs/reference/mqtt-api/',
};
