import type { MqttRecord } from '../../../../../shared/api/mqtt';
import { bytesToBase64, utf8DecodeStrict, type PayloadFormat } from '../../../../../shared/mqtt/payload';
import type { PublishDraft } from '../../../stores/mqttPublishDraft';

/** The payload as the publish panel edits it: JSON or text when it is UTF-8, else base64 (the bytes stay the same). */
const editablePayload = (bytes: Uint8Array): { payload: string; format: PayloadFormat } => {
  const text = utf8DecodeStrict(bytes);
  if (text === null) return { payload: bytesToBase64(bytes), format: 'base64' };
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      JSON.parse(trimmed);
      return { payload: text, format: 'json' };
    } catch {
      return { payload: text, format: 'text' };
    }
  }
  return { payload: text, format: 'text' };
};

/** A message as a publish draft for `connection`: topic, payload (whole), QoS, retain and MQTT 5 properties. */
export const draftFromRecord = (record: MqttRecord, connection: string, payload: Uint8Array): PublishDraft => {
  const p = record.properties;
  const properties: NonNullable<PublishDraft['properties']> = {};
  if (p?.contentType) properties.contentType = p.contentType;
  if (p?.responseTopic) properties.responseTopic = p.responseTopic;
  if (p?.messageExpiryInterval !== undefined) properties.messageExpiryInterval = p.messageExpiryInterval;
  if (p?.userProperties?.length) properties.userProperties = p.userProperties;
  if (p?.correlationData) {
    const text = utf8DecodeStrict(p.correlationData);
    properties.correlationData = text ?? bytesToBase64(p.correlationData);
    properties.correlationDataFormat = text === null ? 'base64' : 'text';
  }
  return {
    connection,
    topic: record.topic,
    ...editablePayload(payload),
    qos: record.qos,
    retain: record.retain,
    ...(Object.keys(properties).length ? { properties } : {}),
  };
};
