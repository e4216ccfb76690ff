import type { CloudCredentials, CloudDefinition, CloudField, CloudInput, CloudTopic } from './types';
import { reject, matching, oneOf, optional, required } from './validate';

const AWS_KEEPALIVE = { min: 30, max: 1200, recommended: 300 } as const;
/** ALPN protocol AWS IoT Core needs for MQTT with client certificates on port 443. */
const AWS_ALPN = 'x-amzn-mqtt-ca';

const pem = (input: CloudInput, field: string, what: string, marker: RegExp): string => {
  const v = required(input, field, what);
  if (!marker.test(v))
    reject(
      field,
      `${what} must be PEM text starting with -----BEGIN ...----- (open the downloaded file and paste it).`,
      'pem',
      { what },
    );
  return v.trim() + '\n';
};

const topics = (thing: string): CloudTopic[] => {
  const s = `$aws/things/${thing}/shadow`;
  return [
    {
      name: 'shadow.update',
      direction: 'up',
      topic: `${s}/update`,
      description: { en: 'Update the classic shadow', zh: '更新设备影子' },
      example: '{"state":{"reported":{"temperature":23.5}}}',
    },
    {
      name: 'shadow.update.accepted',
      direction: 'down',
      topic: `${s}/update/accepted`,
      description: { en: 'Shadow update accepted', zh: '影子更新成功' },
      example: '{"state":{"reported":{"temperature":23.5}},"version":2}',
    },
    {
      name: 'shadow.update.rejected',
      direction: 'down',
      topic: `${s}/update/rejected`,
      description: { en: 'Shadow update rejected', zh: '影子更新失败' },
      example: '{"code":400,"message":"Bad request"}',
    },
    {
      name: 'shadow.update.delta',
      direction: 'down',
      topic: `${s}/update/delta`,
      description: { en: 'Desired differs from reported', zh: '期望与报告之差' },
      example: '{"state":{"switch":1},"version":3}',
    },
    {
      name: 'shadow.get',
      direction: 'up',
      topic: `${s}/get`,
      description: { en: 'Request the shadow', zh: '获取影子' },
      example: '',
    },
    {
      name: 'shadow.get.accepted',
      direction: 'down',
      topic: `${s}/get/accepted`,
      description: { en: 'The shadow document', zh: '影子文档' },
      example: '{"state":{"desired":{},"reported":{}}}',
    },
    {
      name: 'telemetry',
      direction: 'up',
      topic: `dt/${thing}/telemetry`,
      description: { en: 'Telemetry (topic naming from AWS whitepaper)', zh: '遥测数据' },
      example: '{"temperature":23.5}',
    },
  ];
};

const fields: CloudField[] = [
  {
    id: 'endpoint',
    label: 'Device data endpoint',
    labelZh: '设备数据端点',
    kind: 'text',
    required: true,
    placeholder: 'xxxxxxxx-ats.iot.us-east-1.amazonaws.com',
  },
  { id: 'thingName', label: 'Thing name (client id)', labelZh: '事物名称（客户端 ID）', kind: 'text', required: true },
  {
    id: 'certificate',
    label: 'Device certificate (PEM)',
    labelZh: '设备证书（PEM）',
    kind: 'textarea',
    required: true,
  },
  { id: 'privateKey', label: 'Private key (PEM)', labelZh: '私钥（PEM）', kind: 'textarea', required: true },
  {
    id: 'port',
    label: 'Port',
    labelZh: '端口',
    kind: 'select',
    required: false,
    default: '8883',
    options: [
      { value: '8883', label: '8883 (MQTT over TLS)' },
      { value: '443', label: `443 (ALPN ${AWS_ALPN})` },
    ],
  },
];

const computeAws = (input: CloudInput): CloudCredentials => {
  const endpoint = matching(
    required(input, 'endpoint', 'Endpoint'),
    'endpoint',
    /^[a-z0-9-]+(-ats)?\.iot\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/,
    'Endpoint looks like xxxxxxxx-ats.iot.us-east-1.amazonaws.com (AWS IoT → Settings).',
    'aws.endpoint',
  );
  const thingName = matching(
    required(input, 'thingName', 'Thing name'),
    'thingName',
    /^[A-Za-z0-9:_-]{1,128}$/,
    'Thing name may hold letters, digits and : _ - only.',
    'aws.thingName',
  );
  const clientCertificate = pem(input, 'certificate', 'Device certificate', /-----BEGIN CERTIFICATE-----/);
  const clientKey = pem(input, 'privateKey', 'Private key', /-----BEGIN (RSA |EC )?PRIVATE KEY-----/);
  const port = Number(oneOf(input, 'port', ['8883', '443'] as const, '8883', 'port'));
  void optional;
  return {
    cloud: 'aws',
    host: endpoint,
    port,
    tls: true,
    clientId: thingName,
    username: '',
    password: '',
    keepalive: { ...AWS_KEEPALIVE },
    caBundled: 'aws-root-ca.pem',
    ...(port === 443 ? { alpn: [AWS_ALPN] } : {}),
    clientCertificate,
    clientKey,
    topics: topics(thingName),
  };
};

export const awsCloud: CloudDefinition = {
  id: 'aws',
  name: 'AWS IoT Core',
  nameZh: 'AWS IoT Core',
  fields,
  compute: (input) => computeAws(input),
  docsUrl: 'https://docs.aws.amazon.com/iot/latest/developerguide/protocols.html',
};
