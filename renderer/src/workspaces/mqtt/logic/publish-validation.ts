import type { PayloadFormat } from '../../../../../shared/mqtt/payload';
import { base64ToBytes, hexToBytes, utf8Encode } from '../../../../../shared/mqtt/payload';
import { checkTopicName, isWellFormedString } from '../../../../../shared/mqtt/topic';
import { findJsonError } from './json-error';

/** One thing wrong with the publish form: `key` names an i18n message under `validation.`, `params` fill it. */
export interface PublishProblem {
  field:
    | 'topic'
    | 'payload'
    | 'messageExpiry'
    | 'correlationData'
    | 'responseTopic'
    | 'userProperties'
    | 'interval'
    | 'count';
  key: string;
  params?: Record<string, string | number>;
}

type Encoded = { ok: true; bytes: Uint8Array } | { ok: false; problem: PublishProblem };

/** Line and column (1-based) of a character offset, for pointing at a JSON syntax error. */
export const lineColumn = (text: string, position: number): { line: number; column: number } => {
  let line = 1;
  let column = 1;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
};

const jsonProblem = (text: string, field: PublishProblem['field']): PublishProblem | null => {
  if (text.trim() === '') return { field, key: 'jsonEmpty' };
  const error = findJsonError(text);
  if (!error) return null;
  const found = error.found === '' ? 'end of text' : `"${error.found}"`;
  return { field, key: 'jsonSyntax', params: { ...lineColumn(text, error.position), expected: error.expected, found } };
};

const hexProblem = (input: string, field: PublishProblem['field']): PublishProblem | null => {
  const cleaned = input.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  const bad = cleaned.search(/[^0-9a-fA-F]/);
  if (bad >= 0) return { field, key: 'hexBadChar', params: { char: cleaned.charAt(bad), position: bad + 1 } };
  if (cleaned.length % 2 !== 0) return { field, key: 'hexOddDigits', params: { digits: cleaned.length } };
  return null;
};

const base64Problem = (input: string, field: PublishProblem['field']): PublishProblem | null => {
  const cleaned = input.replace(/\s/g, '');
  const body = cleaned.replace(/=+$/, '');
  const bad = body.search(/[^A-Za-z0-9+/_-]/);
  if (bad >= 0) return { field, key: 'base64BadChar', params: { char: body.charAt(bad), position: bad + 1 } };
  const padding = cleaned.length - body.length;
  if (padding > 2 || (padding > 0 && cleaned.length % 4 !== 0)) return { field, key: 'base64BadPadding' };
  if (body.length % 4 === 1) return { field, key: 'base64BadLength', params: { length: body.length } };
  return null;
};

/** Checks a payload against its format and encodes it; the problem says exactly what is wrong. */
export const encodeForPublish = (
  input: string,
  format: PayloadFormat,
  field: PublishProblem['field'] = 'payload',
): Encoded => {
  let problem: PublishProblem | null = null;
  if (format === 'json') problem = jsonProblem(input, field);
  else if (format === 'hex') problem = hexProblem(input, field);
  else if (format === 'base64') problem = base64Problem(input, field);
  else if (!isWellFormedString(input)) problem = { field, key: 'textBrokenChar' };
  if (problem) return { ok: false, problem };
  switch (format) {
    case 'hex':
      return { ok: true, bytes: hexToBytes(input) };
    case 'base64':
      return { ok: true, bytes: base64ToBytes(input) };
    default:
      return { ok: true, bytes: utf8Encode(input) };
  }
};

export interface PublishForm {
  topic: string;
  payload: string;
  format: PayloadFormat;
  version: '3.1.1' | '5';
  /** MQTT 5 fields as typed (strings); ignored on 3.1.1. */
  messageExpiry: string;
  contentType: string;
  responseTopic: string;
  correlationData: string;
  correlationFormat: 'text' | 'hex' | 'base64';
  userProperties: Array<{ key: string; value: string }>;
  /** Repeat: every `intervalMs` ms, `count` times (as typed). */
  repeat: boolean;
  intervalMs: string;
  count: string;
}

const MIN_REPEAT_INTERVAL_MS = 10;

/** Every problem of the form, in the order the fields appear. An empty list means it can be sent. */
export const validatePublish = (form: PublishForm): PublishProblem[] => {
  const problems: PublishProblem[] = [];
  const topic = checkTopicName(form.topic);
  if (!topic.ok) {
    problems.push({ field: 'topic', key: `topic.${topic.problem ?? 'empty'}`, params: { topic: form.topic } });
  }
  const payload = encodeForPublish(form.payload, form.format);
  if (!payload.ok) problems.push(payload.problem);
  if (form.version === '5') {
    const expiry = form.messageExpiry.trim();
    if (expiry !== '' && !(/^\d+$/.test(expiry) && Number(expiry) <= 0xffffffff)) {
      problems.push({ field: 'messageExpiry', key: 'expiryNotSeconds', params: { value: expiry } });
    }
    if (form.responseTopic !== '') {
      const response = checkTopicName(form.responseTopic);
      if (!response.ok)
        problems.push({
          field: 'responseTopic',
          key: `topic.${response.problem ?? 'empty'}`,
          params: { topic: form.responseTopic },
        });
    }
    if (form.correlationData !== '' && form.correlationFormat !== 'text') {
      const correlation = encodeForPublish(form.correlationData, form.correlationFormat, 'correlationData');
      if (!correlation.ok) problems.push(correlation.problem);
    }
    form.userProperties.forEach((p, i) => {
      if (p.key.trim() === '' && p.value !== '')
        problems.push({ field: 'userProperties', key: 'userPropertyNoKey', params: { row: i + 1 } });
    });
  }
  if (form.repeat) {
    const interval = Number(form.intervalMs);
    if (!Number.isInteger(interval) || interval < MIN_REPEAT_INTERVAL_MS) {
      problems.push({ field: 'interval', key: 'intervalTooShort', params: { min: MIN_REPEAT_INTERVAL_MS } });
    }
    const count = Number(form.count);
    if (!Number.isInteger(count) || count < 1) problems.push({ field: 'count', key: 'countNotPositive' });
  }
  return problems;
};
