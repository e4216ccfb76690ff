import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../../test/mqtt-records';
import { compileFilter, EMPTY_FILTER, isMutedRecord, topicPatternMatches } from './filter';

describe('topic pattern', () => {
  it.each([
    ['demo/#', 'demo/x', true],
    ['demo/#', 'demo', true],
    ['demo/#', 'other/x', false],
    ['demo/+/t', 'demo/a/t', true],
    ['demo/+/t', 'demo/a/b/t', false],
    ['+/x', '$SYS/x', false],
    ['#', '$SYS/x', false],
    ['', 'anything', true],
  ])('MQTT wildcard %s vs %s → %s', (pattern, topic, expected) => {
    expect(topicPatternMatches(pattern, topic)).toBe(expected);
  });

  it('without wildcards is a case-insensitive part of the topic', () => {
    expect(topicPatternMatches('Sensor', 'home/sensors/1')).toBe(true);
    expect(topicPatternMatches('kitchen', 'home/sensors/1')).toBe(false);
  });
});

describe('compileFilter', () => {
  const up = makeRecord({ direction: 'out', topic: 'demo/x', payload: '{"cmd":"reboot"}' });
  const down = makeRecord({ direction: 'in', topic: 'demo/y', payload: '{"temp":21.5}' });
  const other = makeRecord({ direction: 'in', topic: 'sys/status', payload: 'ONLINE' });
  const all = [up, down, other];
  const apply = (patch: Partial<typeof EMPTY_FILTER>) => {
    const predicate = compileFilter({ ...EMPTY_FILTER, ...patch });
    return predicate ? all.filter(predicate) : all;
  };

  it('is null (no work per message) when nothing is asked', () => {
    expect(compileFilter(EMPTY_FILTER)).toBeNull();
  });

  it('filters by direction', () => {
    expect(apply({ direction: 'out' })).toEqual([up]);
    expect(apply({ direction: 'in' })).toEqual([down, other]);
  });

  it('filters by topic pattern with wildcards', () => {
    expect(apply({ topic: 'demo/+' })).toEqual([up, down]);
    expect(apply({ topic: 'sys/#' })).toEqual([other]);
  });

  it('searches text in topic and payload, ignoring case', () => {
    expect(apply({ text: 'REBOOT' })).toEqual([up]);
    expect(apply({ text: 'status' })).toEqual([other]);
    expect(apply({ text: 'nothing-like-this' })).toEqual([]);
  });

  it('combines every constraint', () => {
    expect(apply({ topic: 'demo/#', direction: 'in', text: 'temp' })).toEqual([down]);
    expect(apply({ topic: 'demo/#', direction: 'in', text: 'reboot' })).toEqual([]);
  });

  it('a clicked subscription shows only what its filter matches', () => {
    expect(apply({ subscription: 'sys/#' })).toEqual([other]);
  });

  it('hides downlink matched only by muted subscriptions, never uplink', () => {
    const subscriptions = ['demo/#', 'sys/#'];
    expect(apply({ muted: ['demo/#'], subscriptions })).toEqual([up, other]);
    expect(isMutedRecord(down, ['demo/#'], ['demo/#', '#'])).toBe(false);
    expect(isMutedRecord(down, ['demo/#'], ['demo/#'])).toBe(true);
  });
});
