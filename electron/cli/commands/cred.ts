import { Command, Option } from 'commander';
import type { CloudCredentials, CloudId } from '../../../shared/cloud/types';
import { expiryWarning, formatUnixSeconds } from '../../../shared/cloud/expiry';
import { applyCloudOptions } from './cloud-broker';
import { registerCredCheck } from './cred-check';

applyCloudOptions();

/** [flag, form field id, help, choices?] */
type Flag = [string, string, string, string[]?];

const CLOUD_FLAGS: Partial<
  Record<CloudId, { description: string; flags: Flag[]; booleans?: Array<[string, string, string, string]> }>
> = {
  aliyun: {
    description: 'Alibaba Cloud IoT (one device, one secret): clientId, username and password',
    flags: [
      ['--product-key <pk>', 'productKey', 'ProductKey'],
      ['--device-name <dn>', 'deviceName', 'DeviceName'],
      ['--device-secret <ds>', 'deviceSecret', 'DeviceSecret'],
      ['--client-id <cid>', 'clientId', 'your client id (default: DeviceName)'],
      ['--timestamp <ms>', 'timestamp', 'timestamp in milliseconds to sign (optional)'],
      ['--sign-method <m>', 'signMethod', 'signature method', ['hmacmd5', 'hmacsha1', 'hmacsha256']],
      ['--secure-mode <n>', 'secureMode', '2 = TLS, 3 = TCP', ['2', '3']],
      ['--region <r>', 'regionId', 'region of the legacy public instance (default cn-shanghai)'],
      ['--instance-id <id>', 'instanceId', 'instance id (new public / enterprise instance)'],
    ],
  },
  onenet: {
    description: 'China Mobile OneNET: token password',
    flags: [
      ['--product-id <pid>', 'productId', 'product ID'],
      ['--device-name <dn>', 'deviceName', 'device name'],
      ['--key <key>', 'accessKey', 'access_key (device key, or product key with --level product)'],
      ['--level <level>', 'level', 'token level', ['device', 'product']],
      ['--method <m>', 'method', 'signature method', ['md5', 'sha1', 'sha256']],
      ['--expires-at <unix_s>', 'expiresAt', 'token expiry in unix seconds (default: one year)'],
      ['--et <unix_s>', 'expiresAt', 'the same as --expires-at, by the token field’s name'],
    ],
    booleans: [['--tls', 'tls', 'tls', 'use mqttstls.heclouds.com:8883']],
  },
  huawei: {
    description: 'Huawei Cloud IoTDA: clientId with timestamp, HMAC-SHA256 password',
    flags: [
      ['--device-id <id>', 'deviceId', 'device ID'],
      ['--secret <s>', 'secret', 'device secret'],
      ['--timestamp <YYYYMMDDHH>', 'timestamp', 'UTC hour to sign (default: now)'],
      ['--host <host>', 'host', 'access address from the console (default iot-mqtts.{region}.myhuaweicloud.com)'],
      ['--region <r>', 'region', 'region (default cn-north-4)'],
    ],
    booleans: [
      ['--check-timestamp', 'checkTimestamp', '1', 'signature type 1: the platform checks the timestamp'],
      ['--tcp', 'tls', 'tcp', 'plain MQTT on 1883 instead of MQTTS on 8883'],
    ],
  },
  tencent: {
    description: 'Tencent IoT Explorer / IoT Hub (PSK): username with expiry, HMAC password',
    flags: [
      ['--product-id <pid>', 'productId', 'product ID'],
      ['--device-name <dn>', 'deviceName', 'device name'],
      ['--psk <psk>', 'psk', 'device secret (base64)'],
      ['--conn-id <id>', 'connId', 'connection id (default: random 5 characters)'],
      ['--expiry <unix_s>', 'expiry', 'signature expiry in unix seconds (default: one year)'],
      ['--method <m>', 'method', 'signature method', ['hmacsha256', 'hmacsha1']],
      ['--platform <p>', 'platform', 'topics of', ['explorer', 'hub']],
    ],
  },
  azure: {
    description: 'Azure IoT Hub: SAS token',
    flags: [
      [
        '--connection-string <cs>',
        'connectionString',
        'device connection string (HostName=...;DeviceId=...;SharedAccessKey=...)',
      ],
      ['--host-name <host>', 'hostName', 'hub host name, e.g. myhub.azure-devices.net'],
      ['--device-id <id>', 'deviceId', 'device ID'],
      ['--key <key>', 'sharedAccessKey', 'primary key (base64)'],
      ['--expires-at <unix_s>', 'expiresAt', 'SAS expiry (default: one hour)'],
      ['--se <unix_s>', 'expiresAt', 'the same as --expires-at, by the SAS field’s name'],
    ],
  },
  thingsboard: {
    description: 'ThingsBoard: access token as user name',
    flags: [
      ['--host <host>', 'host', 'ThingsBoard host'],
      ['--token <token>', 'accessToken', 'device access token'],
      ['--port <port>', 'port', 'port (default 1883, or 8883 with --tls)'],
      ['--client-id <cid>', 'clientId', 'client id (optional)'],
    ],
    booleans: [['--tls', 'tls', 'yes', 'use TLS']],
  },
};

const camel = (flag: string): string =>
  flag
    .replace(/^--/, '')
    .split(' ')[0]!
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The readable form: one line per value, then the topics. Secrets are shown because the user asked for them. */
const formatCredentials = (c: CloudCredentials): string => {
  const rows: Array<[string, string]> = [
    ['Host', c.host],
    ['Port', String(c.port)],
    ['TLS', c.tls ? `yes${c.caBundled ? ` (CA: assets/certs/${c.caBundled})` : ''}` : 'no'],
    ['Client ID', c.clientId],
    ['Username', c.username],
    ['Password', c.password],
  ];
  if (c.expiresAt !== undefined) rows.push(['Expires at', `${c.expiresAt} (${formatUnixSeconds(c.expiresAt)})`]);
  rows.push(['Keepalive', `${c.keepalive.min}–${c.keepalive.max} s, recommended ${c.keepalive.recommended} s`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  lines.push('', 'Topics:');
  const dir = (d: string) => (d === 'up' ? 'pub' : 'sub');
  for (const t of c.topics) lines.push(`  ${dir(t.direction)}  ${t.filter ?? t.topic}    ${t.description.en}`);
  for (const n of c.notes ?? []) lines.push('', `Note: ${n.en}`);
  return lines.join('\n') + '\n';
};

export const registerCredCommands = (program: Command): void => {
  const cred = program
    .command('cred')
    .description('Compute MQTT credentials (host, client id, user name, password, topics) for a cloud, or check them');
  registerCredCheck(cred);
  for (const [cloud, spec] of Object.entries(CLOUD_FLAGS) as Array<
    [CloudId, NonNullable<(typeof CLOUD_FLAGS)[CloudId]>]
  >) {
    const cmd = cred.command(cloud).description(spec.description);
    for (const [flag, , help, choices] of spec.flags) {
      const option = new Option(flag, help);
      if (choices) option.choices(choices);
      cmd.addOption(option);
    }
    for (const [flag, , , help] of spec.booleans ?? []) cmd.option(flag, help);
    cmd.option('--json', 'print one JSON object: host, port, tls, clientId, username, password, expiresAt, topics');
    cmd.action(async (opts: Record<string, string | boolean | undefined>) => {
      const { computeCredentials } = await import('../../../shared/cloud');
      const fields: Record<string, string> = {};
      for (const [flag, id] of spec.flags) {
        const v = opts[camel(flag)];
        if (typeof v === 'string') fields[id] = v;
      }
      for (const [flag, id, value] of spec.booleans ?? []) if (opts[camel(flag)] === true) fields[id] = value;
      const now = Date.now();
      const c = computeCredentials(cloud, fields, now);
      const warning = expiryWarning(c.expiresAt, now);
      if (warning) process.stderr.write(`warning: the password ${warning}\n`);
      if (opts.json) {
        const out = {
          cloud: c.cloud,
          host: c.host,
          port: c.port,
          tls: c.tls,
          clientId: c.clientId,
          username: c.username,
          password: c.password,
          ...(c.expiresAt !== undefined ? { expiresAt: c.expiresAt } : {}),
          keepalive: c.keepalive,
          ...(c.caBundled ? { caBundled: c.caBundled } : {}),
          topics: c.topics,
        };
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      } else process.stdout.write(formatCredentials(c));
    });
  }
};
