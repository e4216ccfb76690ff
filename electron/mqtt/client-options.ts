import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { IClientOptions } from 'mqtt';
import type { ConnectionOptions } from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import { checkTopicName } from '../../shared/mqtt/topic';
import { encodePayload } from '../../shared/mqtt/payload';
import { toPacketProperties, userPropertiesToObject } from './publish-packet';
import { bundledCaPath } from '../services/bundled-certs';

export const randomClientId = (): string => `qpy_${randomBytes(4).toString('hex')}`;

const readBundledCa = async (name: string): Promise<Buffer> => {
  const file = bundledCaPath(name);
  if (!file) {
    throw new AppError(
      'TLS_ERROR',
      `"${name}" is not a CA certificate that ships with QPY Studio; pick a CA file instead.`,
    );
  }
  return readFile(file);
};

export const usesTls = (o: ConnectionOptions): boolean => o.transport === 'mqtts' || o.transport === 'wss';

/**
 * Turns validated connection options into MQTT.js options. Reconnection is driven by the session (backoff),
 * so MQTT.js's own timer is off.
 */
export const buildClientOptions = async (o: ConnectionOptions, clientId: string): Promise<IClientOptions> => {
  const v5 = o.version === '5';
  const options: IClientOptions = {
    protocol: o.transport,
    host: o.host,
    hostname: o.host,
    port: o.port,
    protocolVersion: v5 ? 5 : 4,
    clientId,
    keepalive: o.keepaliveSec,
    clean: o.cleanStart,
    connectTimeout: o.connectTimeoutMs,
    reconnectPeriod: 0,
    resubscribe: false,
    queueQoSZero: false,
  };
  if (o.transport === 'ws' || o.transport === 'wss') options.path = o.path.startsWith('/') ? o.path : `/${o.path}`;
  if (!v5 && o.password && !o.username) {
    throw new AppError(
      'INVALID_CREDENTIALS',
      'MQTT 3.1.1 cannot send a password without a user name: enter the user name, or switch the profile to MQTT 5.',
    );
  }
  if (o.username !== undefined && o.username !== '') options.username = o.username;
  if (o.password !== undefined && o.password !== '') options.password = o.password;
  if (v5) {
    const properties: NonNullable<IClientOptions['properties']> = {};
    if (o.sessionExpirySec !== undefined) properties.sessionExpiryInterval = o.sessionExpirySec;
    if (o.userProperties?.length) properties.userProperties = userPropertiesToObject(o.userProperties);
    if (Object.keys(properties).length) options.properties = properties;
  }
  if (o.will) {
    const check = checkTopicName(o.will.topic);
    if (!check.ok) throw new AppError('INVALID_TOPIC', `Will message: ${check.message}`);
    const payload = Buffer.from(encodePayload(o.will.payload, o.will.format));
    const will: NonNullable<IClientOptions['will']> = {
      topic: o.will.topic,
      payload,
      qos: o.will.qos,
      retain: o.will.retain,
    };
    if (v5) {
      const props = { ...(toPacketProperties(o.will.properties) ?? {}) } as Record<string, unknown>;
      delete props.topicAlias;
      if (o.will.delayInterval !== undefined) props.willDelayInterval = o.will.delayInterval;
      if (Object.keys(props).length) will.properties = props as NonNullable<typeof will.properties>;
    }
    options.will = will;
  }
  if (usesTls(o)) {
    const tls = o.tls;
    options.rejectUnauthorized = !(tls?.allowInsecure ?? false);
    if (tls?.ca) options.ca = tls.ca.pem;
    else if (tls?.caBundled !== undefined) options.ca = await readBundledCa(tls.caBundled);
    if (tls?.cert || tls?.key) {
      if (!tls.cert || !tls.key) {
        throw new AppError(
          'TLS_ERROR',
          `Mutual TLS needs both a client certificate and its key: choose the ${tls.cert ? 'key' : 'certificate'} file too.`,
        );
      }
      options.cert = tls.cert.pem;
      options.key = tls.keyPassphrase ? [{ pem: tls.key.pem, passphrase: tls.keyPassphrase }] : tls.key.pem;
    }
    if (tls?.alpn?.length) options.ALPNProtocols = tls.alpn;
    if (tls?.servername) {
      // IClientOptions lacks the field though MQTT.js hands it to tls.connect (and ws for wss).
      (options as IClientOptions & { servername?: string }).servername = tls.servername;
      if (o.transport === 'wss') {
        options.wsOptions = { servername: tls.servername } as unknown as IClientOptions['wsOptions'];
      }
    }
  }
  return options;
};
