import type { IClientPublishOptions } from 'mqtt';
import type { MessageProperties, PublishProperties, QoS } from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import { base64ToBytes, encodePayload, hexToBytes, MQTT_MAX_PACKET_BYTES, utf8Encode } from '../../shared/mqtt/payload';
import { checkTopicName, utf8Length } from '../../shared/mqtt/topic';

type PacketProperties = NonNullable<IClientPublishOptions['properties']>;

const correlationBytes = (p: PublishProperties): Uint8Array | undefined => {
  if (p.correlationData === undefined) return undefined;
  try {
    if (p.correlationDataFormat === 'hex') return hexToBytes(p.correlationData);
    if (p.correlationDataFormat === 'base64') return base64ToBytes(p.correlationData);
  } catch (error) {
    throw new AppError('INVALID_PAYLOAD', `Correlation data: ${(error as Error).message}`);
  }
  return utf8Encode(p.correlationData);
};

/** MQTT 5 user properties as MQTT.js wants them: a repeated key becomes an array, order kept per key. */
export const userPropertiesToObject = (list: { key: string; value: string }[]): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const { key, value } of list) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
};

/** User-facing MQTT 5 properties → MQTT.js packet properties (undefined when none are set). */
export const toPacketProperties = (p: PublishProperties | undefined): PacketProperties | undefined => {
  if (!p) return undefined;
  const out: PacketProperties = {};
  if (p.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = p.payloadFormatIndicator;
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval;
  if (p.contentType) out.contentType = p.contentType;
  if (p.responseTopic) {
    const check = checkTopicName(p.responseTopic);
    if (!check.ok) throw new AppError('INVALID_TOPIC', `Response topic: ${check.message}`);
    out.responseTopic = p.responseTopic;
  }
  const correlation = correlationBytes(p);
  if (correlation) out.correlationData = Buffer.from(correlation);
  if (p.userProperties?.length) out.userProperties = userPropertiesToObject(p.userProperties);
  if (p.topicAlias !== undefined) out.topicAlias = p.topicAlias;
  return Object.keys(out).length ? out : undefined;
};

/** MQTT.js packet properties (received or sent) → what a record shows. */
export const fromPacketProperties = (raw: unknown): MessageProperties | undefined => {
  if (!raw || typeof raw !== 'object') return undefined;
  const p = raw as Record<string, unknown>;
  const out: MessageProperties = {};
  if (typeof p.payloadFormatIndicator === 'boolean') out.payloadFormatIndicator = p.payloadFormatIndicator;
  if (typeof p.messageExpiryInterval === 'number') out.messageExpiryInterval = p.messageExpiryInterval;
  if (typeof p.contentType === 'string') out.contentType = p.contentType;
  if (typeof p.responseTopic === 'string') out.responseTopic = p.responseTopic;
  if (p.correlationData instanceof Uint8Array) out.correlationData = new Uint8Array(p.correlationData);
  if (typeof p.topicAlias === 'number') out.topicAlias = p.topicAlias;
  if (typeof p.subscriptionIdentifier === 'number') out.subscriptionIdentifiers = [p.subscriptionIdentifier];
  else if (Array.isArray(p.subscriptionIdentifier)) {
    out.subscriptionIdentifiers = p.subscriptionIdentifier.filter((n): n is number => typeof n === 'number');
  }
  if (p.userProperties && typeof p.userProperties === 'object') {
    const list: { key: string; value: string }[] = [];
    for (const [key, value] of Object.entries(p.userProperties as Record<string, unknown>)) {
      for (const v of Array.isArray(value) ? value : [value]) list.push({ key, value: String(v) });
    }
    out.userProperties = list;
  }
  return Object.keys(out).length ? out : undefined;
};

interface PreparedPublish {
  topic: string;
  payload: Uint8Array;
  options: IClientPublishOptions;
}

export interface PublishInput {
  topic: string;
  payload: string;
  format: 'text' | 'json' | 'hex' | 'base64';
  qos: QoS;
  retain: boolean;
  properties?: PublishProperties | undefined;
}

/**
 * Validates and encodes a publish before anything is sent: topic rules, payload format, size limits
 * (the broker's maximum packet size when it announced one, else the protocol's 256 MB).
 */
export const preparePublish = (input: PublishInput, v5: boolean, brokerMaxPacket?: number): PreparedPublish => {
  const usesAlias = v5 && input.properties?.topicAlias !== undefined;
  if (!(usesAlias && input.topic === '')) {
    const check = checkTopicName(input.topic);
    if (!check.ok) throw new AppError('INVALID_TOPIC', check.message ?? 'Invalid topic.');
  }
  const properties = v5 ? toPacketProperties(input.properties) : undefined;
  // Fixed header (≤5) + topic length prefix (2) + topic + packet id (2) + properties (estimated generously).
  const overhead = 9 + utf8Length(input.topic) + (properties ? 4_096 : 0);
  const limit = Math.min(brokerMaxPacket ?? MQTT_MAX_PACKET_BYTES, MQTT_MAX_PACKET_BYTES);
  const tooLarge = (size: number) => {
    const who = brokerMaxPacket
      ? `the broker's maximum packet size (${brokerMaxPacket} bytes)`
      : 'the MQTT limit (256 MB)';
    return new AppError(
      'PAYLOAD_TOO_LARGE',
      `The payload is ${size} bytes, more than ${who} allows: send a smaller payload or split it.`,
      { size, limit },
    );
  };
  // Text is measured before encoding so a huge paste fails fast without a second copy.
  if ((input.format === 'text' || input.format === 'json') && utf8Length(input.payload) + overhead > limit) {
    throw tooLarge(utf8Length(input.payload));
  }
  const payload = encodePayload(input.payload, input.format);
  if (payload.byteLength + overhead > limit) throw tooLarge(payload.byteLength);
  const options: IClientPublishOptions = { qos: input.qos, retain: input.retain };
  if (properties) options.properties = properties;
  return { topic: input.topic, payload, options };
};
