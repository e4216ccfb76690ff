import type { MqttRecord } from '../../../../../shared/api/mqtt';
import { bytesToBase64, utf8DecodeStrict } from '../../../../../shared/mqtt/payload';

/** One exported message: payload as text when it is UTF-8, otherwise base64 (never both). */
interface ExportedMessage {
  id: number;
  time: string;
  direction: 'uplink' | 'downlink';
  topic: string;
  qos: number;
  retain: boolean;
  size: number;
  truncated: boolean;
  payload?: string;
  payloadBase64?: string;
}

const toExported = (r: MqttRecord): ExportedMessage => {
  const text = utf8DecodeStrict(r.payload);
  return {
    id: r.id,
    time: new Date(r.time).toISOString(),
    direction: r.direction === 'out' ? 'uplink' : 'downlink',
    topic: r.topic,
    qos: r.qos,
    retain: r.retain,
    size: r.size,
    truncated: r.truncated,
    ...(text !== null ? { payload: text } : { payloadBase64: bytesToBase64(r.payload) }),
  };
};

/** JSON Lines: one JSON object per message, newline-terminated. */
export const toJsonLines = (records: Iterable<MqttRecord>): string => {
  const lines: string[] = [];
  for (const r of records) lines.push(JSON.stringify(toExported(r)));
  return lines.length ? `${lines.join('\n')}\n` : '';
};

const csvCell = (value: string | number | boolean): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const CSV_HEADER = [
  'id',
  'time',
  'direction',
  'topic',
  'qos',
  'retain',
  'size',
  'truncated',
  'payload',
  'payload_encoding',
];

/** RFC 4180 CSV with a header row; binary payloads are base64 with payload_encoding "base64". */
export const toCsv = (records: Iterable<MqttRecord>): string => {
  const rows = [CSV_HEADER.join(',')];
  for (const r of records) {
    const e = toExported(r);
    const encoding = e.payload !== undefined ? 'utf8' : 'base64';
    rows.push(
      [
        e.id,
        e.time,
        e.direction,
        e.topic,
        e.qos,
        e.retain,
        e.size,
        e.truncated,
        e.payload ?? e.payloadBase64 ?? '',
        encoding,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
};
