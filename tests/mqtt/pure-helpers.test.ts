import { describe, expect, it } from 'vitest';
import { checkTopicFilter, checkTopicName, topicMatches } from '../../shared/mqtt/topic';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  classifyPayload,
  encodePayload,
  hexToBytes,
  prettyJson,
} from '../../shared/mqtt/payload';
import { explainConnackCode } from '../../shared/mqtt/reason-codes';

describe('topic rules', () => {
  it('accepts concrete topics and rejects wildcards, empty, NUL, broken UTF-16 and over-long ones', () => {
    expect(checkTopicName('a/b/c').ok).toBe(true);
    expect(checkTopicName('/leading/slash').ok).toBe(true);
    expect(checkTopicName('a/+/c').problem).toBe('wildcard-in-topic');
    expect(checkTopicName('a/#').problem).toBe('wildcard-in-topic');
    expect(checkTopicName('').problem).toBe('empty');
    expect(checkTopicName('a\u0000b').problem).toBe('null-character');
    expect(checkTopicName('a\uDC00').problem).toBe('invalid-utf8');
    expect(checkTopicName('é'.repeat(40_000)).problem).toBe('too-long');
  });

  it('validates filters', () => {
    for (const ok of ['#', '+', 'a/+/c', 'a/#', '+/+', '$share/g/a/#', '$SYS/#'])
      expect(checkTopicFilter(ok).ok, ok).toBe(true);
    expect(checkTopicFilter('a/#/c').problem).toBe('misplaced-multi-level-wildcard');
    expect(checkTopicFilter('a#').problem).toBe('misplaced-multi-level-wildcard');
    expect(checkTopicFilter('a/b+').problem).toBe('misplaced-single-level-wildcard');
    expect(checkTopicFilter('$share/g').problem).toBe('invalid-shared-subscription');
    expect(checkTopicFilter('$share/g+/a').problem).toBe('invalid-shared-subscription');
  });

  it('matches topics like a broker', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/d')).toBe(false);
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('#', '$SYS/x')).toBe(false);
    expect(topicMatches('$SYS/#', '$SYS/x')).toBe(true);
    expect(topicMatches('$share/g/a/+', 'a/b')).toBe(true);
    expect(topicMatches('a/b', 'a/b/c')).toBe(false);
  });
});

describe('payload codecs', () => {
  it('round-trips base64 and hex for every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect([...base64ToBytes(bytesToBase64(bytes))]).toEqual([...bytes]);
      expect([...hexToBytes(bytesToHex(bytes, ' '))]).toEqual([...bytes]);
    }
    expect([...base64ToBytes('AP8B')]).toEqual([0, 255, 1]);
    expect([...base64ToBytes('_-8')]).toEqual([...Buffer.from('_-8', 'base64url')]);
    expect([...hexToBytes('0x0A:0b')]).toEqual([10, 11]);
  });

  it('says what is wrong with malformed input', () => {
    expect(() => hexToBytes('abc')).toThrow(/odd number/);
    expect(() => hexToBytes('gg')).toThrow(/not a hex digit/);
    expect(() => base64ToBytes('A')).toThrow(/length/);
    expect(() => base64ToBytes('AB*=')).toThrow(/not a base64 character/);
    expect(() => base64ToBytes('A===')).toThrow(/more than two/);
    expect(() => encodePayload('{"a":1,}', 'json')).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
    expect(() => encodePayload('bad\uD800', 'text')).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
    expect([...encodePayload('{"a":1}', 'json')]).toEqual([...Buffer.from('{"a":1}')]);
  });

  it('classifies payloads for display', () => {
    expect(classifyPayload(new Uint8Array()).kind).toBe('empty');
    expect(classifyPayload(Buffer.from(' {"a":[1]}')).kind).toBe('json');
    expect(classifyPayload(Buffer.from('{oops')).kind).toBe('text');
    expect(classifyPayload(Uint8Array.from([0xff, 0xfe])).kind).toBe('binary');
    expect(prettyJson(Buffer.from('{"a":1}'))).toBe('{\n  "a": 1\n}');
    expect(prettyJson(Buffer.from('nope'))).toBeNull();
  });
});

describe('CONNACK explanations', () => {
  it('explains 3.1.1 return codes and MQTT 5 reason codes', () => {
    expect(explainConnackCode(4, 4)).toMatchObject({ reason: 'Bad user name or password', permanent: true });
    expect(explainConnackCode(4, 5).reason).toBe('Not authorised');
    expect(explainConnackCode(4, 2).reason).toBe('Client identifier rejected');
    expect(explainConnackCode(4, 3)).toMatchObject({ reason: 'Server unavailable', permanent: false });
    expect(explainConnackCode(5, 0x86).reason).toBe('Bad user name or password');
    expect(explainConnackCode(5, 0x87).reason).toBe('Not authorised');
    expect(explainConnackCode(5, 0x85).reason).toBe('Client identifier not valid');
    expect(explainConnackCode(5, 0x88)).toMatchObject({ reason: 'Server unavailable', permanent: false });
    expect(explainConnackCode(5, 1).reason).toBe('Unacceptable protocol version');
    expect(explainConnackCode(5, 0xfe).reason).toContain('254');
  });
});

describe('publish preparation', () => {
  it('refuses payloads over the 256 MB protocol limit or the broker limit, measured before encoding', async () => {
    const { preparePublish } = await import('../../electron/mqtt/publish-packet');
    const base = { topic: 't', format: 'hex' as const, qos: 0 as const, retain: false };
    expect(() => preparePublish({ ...base, payload: 'ab'.repeat(100) }, false, 100)).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }),
    );
    expect(preparePublish({ ...base, payload: 'ab'.repeat(100) }, false, 1_000).payload.byteLength).toBe(100);
    // A 256 MB text payload: rejected from its UTF-8 length, with the protocol limit named.
    const huge = 'é'.repeat(134_217_728);
    expect(() => preparePublish({ ...base, format: 'text', payload: huge }, false)).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('256 MB') }),
    );
  });
});
