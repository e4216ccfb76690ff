import type { CloudCredentials, CloudDefinition, CloudField, CloudInput, CloudTopic } from './types';
import { integerField, reject, matching, oneOf, optional, required } from './validate';

const fields: CloudField[] = [
  { id: 'host', label: 'Broker host', labelZh: '服务器地址', kind: 'text', required: true, placeholder: '127.0.0.1' },
  { id: 'port', label: 'Port', labelZh: '端口', kind: 'number', required: false, default: '1883' },
  {
    id: 'tls',
    label: 'TLS',
    labelZh: 'TLS',
    kind: 'select',
    required: false,
    default: 'no',
    options: [
      { value: 'no', label: 'no' },
      { value: 'yes', label: 'yes' },
    ],
  },
  { id: 'clientId', label: 'Client ID', labelZh: '客户端 ID', kind: 'text', required: true },
  { id: 'username', label: 'User name', labelZh: '用户名', kind: 'text', required: false },
  { id: 'password', label: 'Password', labelZh: '密码', kind: 'secret', required: false },
  {
    id: 'publishTopic',
    label: 'Publish topic',
    labelZh: '发布主题',
    kind: 'text',
    required: false,
    default: 'qpy/demo/up',
  },
  {
    id: 'subscribeTopic',
    label: 'Subscribe topic',
    labelZh: '订阅主题',
    kind: 'text',
    required: false,
    default: 'qpy/demo/down',
  },
];

const computeGeneric = (input: CloudInput): CloudCredentials => {
  const host = matching(
    required(input, 'host', 'Broker host'),
    'host',
    /^[A-Za-z0-9.:-]+$/,
    'Broker host is a host name or IP address.',
    'generic.host',
  );
  const tls = oneOf(input, 'tls', ['no', 'yes'] as const, 'no', 'tls') === 'yes';
  const port = integerField(input, 'port', 'port', { min: 1, max: 65535 }) ?? (tls ? 8883 : 1883);
  const clientId = required(input, 'clientId', 'Client ID');
  if (clientId.length > 128)
    reject('clientId', 'Client ID is too long for most brokers (keep it under 128 characters).', 'generic.clientId');
  const up = optional(input, 'publishTopic') ?? 'qpy/demo/up';
  const down = optional(input, 'subscribeTopic') ?? 'qpy/demo/down';
  if (/[+#]/.test(up)) reject('publishTopic', 'A publish topic cannot contain + or #.', 'generic.publishTopic');
  const topics: CloudTopic[] = [
    {
      name: 'publish',
      direction: 'up',
      topic: up,
      description: { en: 'Your publish topic', zh: '发布主题' },
      example: '{"temperature":23.5}',
    },
    {
      name: 'subscribe',
      direction: 'down',
      topic: down,
      filter: down,
      description: { en: 'Your subscribe topic', zh: '订阅主题' },
      example: 'hello',
    },
  ];
  return {
    cloud: 'generic',
    host,
    port,
    tls,
    clientId,
    username: optional(input, 'username') ?? '',
    password: input.password ?? '',
    keepalive: { min: 0, max: 65535, recommended: 60 },
    topics,
  };
};

export const genericCloud: CloudDefinition = {
  id: 'generic',
  name: 'Generic MQTT broker',
  nameZh: '通用 MQTT 服务器',
  fields,
  compute: (input) => computeGeneric(input),
};
