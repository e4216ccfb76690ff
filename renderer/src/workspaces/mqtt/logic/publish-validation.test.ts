import { describe, expect, it } from 'vitest';
import { findJsonError } from './json-error';
import { encodeForPublish, lineColumn, validatePublish, type PublishForm } from './publish-validation';

const form = (patch: Partial<PublishForm> = {}): PublishForm => ({
  topic: 'demo/x',
  payload: '',
  format: 'text',
  version: '3.1.1',
  messageExpiry: '',
  contentType: '',
  responseTopic: '',
  correlationData: '',
  correlationFormat: 'text',
  userProperties: [],
  repeat: false,
  intervalMs: '1000',
  count: '10',
  ...patch,
});

describe('publish validation', () => {
  it('accepts a plain text publish', () => {
    expect(validatePublish(form({ payload: 'hello' }))).toEqual([]);
  });

  it('points at the line and column of a JSON error', () => {
    const [problem] = validatePublish(form({ format: 'json', payload: '{\n  "a": 1,\n  "b": }' }));
    expect(problem).toMatchObject({
      field: 'payload',
      key: 'jsonSyntax',
      params: { line: 3, column: 8, expected: 'a value', found: '"}"' },
    });
    expect(validatePublish(form({ format: 'json', payload: '{"a":1' }))[0]?.params).toMatchObject({
      expected: '"," or "}"',
      found: 'end of text',
    });
    expect(validatePublish(form({ format: 'json', payload: '  ' }))[0]?.key).toBe('jsonEmpty');
  });

  it('names the bad hex digit and its position, or the odd count', () => {
    expect(validatePublish(form({ format: 'hex', payload: '0a 1g' }))[0]).toEqual({
      field: 'payload',
      key: 'hexBadChar',
      params: { char: 'g', position: 4 },
    });
    expect(validatePublish(form({ format: 'hex', payload: '0a1' }))[0]).toEqual({
      field: 'payload',
      key: 'hexOddDigits',
      params: { digits: 3 },
    });
    expect(encodeForPublish('0x0A 0xff', 'hex')).toEqual({ ok: true, bytes: new Uint8Array([10, 255]) });
  });

  it('names the bad base64 character, padding or length', () => {
    expect(validatePublish(form({ format: 'base64', payload: 'AQ!K' }))[0]).toMatchObject({
      key: 'base64BadChar',
      params: { char: '!', position: 3 },
    });
    expect(validatePublish(form({ format: 'base64', payload: 'AQI===' }))[0]?.key).toBe('base64BadPadding');
    expect(validatePublish(form({ format: 'base64', payload: 'AQIKw' }))[0]).toMatchObject({
      key: 'base64BadLength',
      params: { length: 5 },
    });
    expect(encodeForPublish('AQIK/w==', 'base64')).toEqual({ ok: true, bytes: new Uint8Array([1, 2, 10, 255]) });
  });

  it('refuses wildcards and empty topics when publishing', () => {
    expect(validatePublish(form({ topic: 'demo/#' }))[0]).toMatchObject({
      field: 'topic',
      key: 'topic.wildcard-in-topic',
    });
    expect(validatePublish(form({ topic: '' }))[0]).toMatchObject({ field: 'topic', key: 'topic.empty' });
  });

  it('checks MQTT 5 properties only on MQTT 5', () => {
    const bad = {
      messageExpiry: '-5',
      responseTopic: 'a/+',
      correlationData: 'zz',
      correlationFormat: 'hex' as const,
      userProperties: [{ key: '', value: 'v' }],
    };
    expect(validatePublish(form(bad))).toEqual([]);
    expect(validatePublish(form({ ...bad, version: '5' })).map((p) => p.key)).toEqual([
      'expiryNotSeconds',
      'topic.wildcard-in-topic',
      'hexBadChar',
      'userPropertyNoKey',
    ]);
  });

  it('checks the repeat interval and count', () => {
    expect(validatePublish(form({ repeat: true, intervalMs: '5', count: '0' })).map((p) => p.key)).toEqual([
      'intervalTooShort',
      'countNotPositive',
    ]);
  });

  it('the JSON scanner agrees with JSON.parse on what is valid', () => {
    const samples = [
      '{}',
      '[]',
      '{"a":[1,2.5e3,-0,true,false,null,"\\u00e9\\n"]}',
      ' 42 ',
      '"x"',
      '{"a":1,}',
      '[1,]',
      '01',
      '{a:1}',
      "{'a':1}",
      '"\\x"',
      '[1 2]',
      'tru',
      '1.',
      '-',
      '{"a":"b"} x',
      '"\t"',
    ];
    for (const text of samples) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(findJsonError(text) === null, text).toBe(valid);
    }
  });

  it('lineColumn counts from 1', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
