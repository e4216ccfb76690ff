import { describe, expect, it } from 'vitest';
import * as cloud from './cloud';
import * as common from './common';
import * as device from './device';
import * as mqtt from './mqtt';

const keysOf = (value: unknown, prefix = ''): string[] =>
  value && typeof value === 'object'
    ? Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k))
    : [prefix];

describe('translations', () => {
  it.each([
    ['common', common],
    ['device', device],
    ['cloud', cloud],
    ['mqtt', mqtt],
  ])('every en key of %s has a zh text', (_name, ns) => {
    const zh = new Set(keysOf(ns.zh));
    expect(keysOf(ns.en).filter((key) => !zh.has(key))).toEqual([]);
    const empty = keysOf(ns.zh).filter((key) => {
      const text = key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], ns.zh);
      return typeof text === 'string' && text.trim() === '';
    });
    expect(empty).toEqual([]);
  });

  it('uses 模组 for "module", never 模块', () => {
    const all = [common, device, cloud, mqtt].flatMap((ns) =>
      keysOf(ns.zh).map((key) => key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], ns.zh)),
    );
    expect(all.filter((text) => typeof text === 'string' && text.includes('模块'))).toEqual([]);
  });
});
