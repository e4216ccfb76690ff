import { bytesToBase64, bytesToHex, classifyPayload, prettyJson } from '../../../../../shared/mqtt/payload';

/** How payloads are shown: 'auto' picks JSON, text or hex per message. */
export const VIEW_FORMATS = ['auto', 'text', 'json', 'hex', 'base64'] as const;
export type ViewFormat = (typeof VIEW_FORMATS)[number];

const looseDecoder = new TextDecoder('utf-8', { fatal: false });

/** The longest preview a log row needs; decoding more would only cost time. */
const PREVIEW_BYTES = 512;

const oneLine = (text: string, maxChars: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
};

/** A single-line preview for a log row. */
export const previewPayload = (payload: Uint8Array, format: ViewFormat, maxChars = 240): string => {
  if (payload.length === 0) return '';
  const head = payload.length > PREVIEW_BYTES ? payload.subarray(0, PREVIEW_BYTES) : payload;
  switch (format) {
    case 'hex':
      return oneLine(bytesToHex(head.subarray(0, Math.ceil(maxChars / 3)), ' '), maxChars);
    case 'base64':
      return oneLine(bytesToBase64(head.subarray(0, Math.ceil((maxChars * 3) / 4))), maxChars);
    case 'text':
    case 'json':
      return oneLine(looseDecoder.decode(head), maxChars);
    case 'auto': {
      const { kind } = classifyPayload(head);
      if (kind === 'binary' && looseDecoder.decode(head).includes('\uFFFD')) {
        return oneLine(bytesToHex(head.subarray(0, Math.ceil(maxChars / 3)), ' '), maxChars);
      }
      return oneLine(looseDecoder.decode(head), maxChars);
    }
  }
};

/** Hex dump with offsets, 16 bytes a line, for the detail pane. */
export const hexDump = (bytes: Uint8Array): string => {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const chunk = bytes.subarray(offset, offset + 16);
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${bytesToHex(chunk, ' ').padEnd(47, ' ')}  ${ascii}`);
  }
  return lines.join('\n');
};

interface FormattedPayload {
  /** The format actually used (auto resolves to json, text or hex). */
  format: Exclude<ViewFormat, 'auto'>;
  text: string;
  /** Set when the asked format does not fit the bytes, e.g. JSON asked but the payload does not parse. */
  problem?: 'not-json' | 'not-utf8';
}

/** The whole payload in the chosen format, for the detail pane and copying. */
export const formatPayload = (payload: Uint8Array, format: ViewFormat): FormattedPayload => {
  switch (format) {
    case 'hex':
      return { format, text: hexDump(payload) };
    case 'base64':
      return { format, text: bytesToBase64(payload) };
    case 'text': {
      const { kind, text } = classifyPayload(payload);
      if (kind === 'binary') return { format, text: looseDecoder.decode(payload), problem: 'not-utf8' };
      return { format, text: text ?? '' };
    }
    case 'json': {
      const pretty = prettyJson(payload);
      if (pretty === null) return { format: 'text', text: looseDecoder.decode(payload), problem: 'not-json' };
      return { format, text: pretty };
    }
    case 'auto': {
      const { kind, text } = classifyPayload(payload);
      if (kind === 'json') return { format: 'json', text: prettyJson(payload) ?? text ?? '' };
      if (kind === 'binary') return { format: 'hex', text: hexDump(payload) };
      return { format: 'text', text: text ?? '' };
    }
  }
};

/** Parsed JSON when the payload is JSON, else undefined. */
export const parseJsonPayload = (payload: Uint8Array): unknown => {
  const { kind, text } = classifyPayload(payload);
  if (kind !== 'json' || text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** "1.2 KB", "3.4 MB" (binary units, as network tools show). */
export const formatBytes = (n: number): string => {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
};

/** "14:03:07.123" in local time. */
export const formatTime = (ms: number): string => {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};
