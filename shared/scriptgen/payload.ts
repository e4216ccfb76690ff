import type { CloudCredentials, CloudTopic } from '../cloud/types';
import { AppError } from '../errors';
import { pythonStringLiteral } from './python';
import type { ScriptOptions } from './types';

/** Python code of `def make_payload(n, value):` returning the report in the cloud's format, and its topic. */
export const reportCode = (c: CloudCredentials, o: ScriptOptions): { topic: string; makePayload: string } => {
  const prop = pythonStringLiteral(o.property ?? 'temperature');
  const pick = (name: string): CloudTopic => {
    const t = c.topics.find((x) => x.name === name);
    if (!t)
      throw new AppError(
        'INVALID_CREDENTIALS',
        `The ${c.cloud} credentials have no "${name}" topic; compute them again.`,
      );
    return t;
  };
  switch (c.cloud) {
    case 'aliyun':
      return {
        topic: pick('property.post').topic,
        makePayload: `    return ujson.dumps({'id': str(n), 'version': '1.0', 'params': {${prop}: value}, 'method': 'thing.event.property.post'})`,
      };
    case 'onenet':
      return o.oneNetFormat === 'thing'
        ? {
            topic: pick('thing.property.post').topic,
            makePayload: `    return ujson.dumps({'id': str(n), 'version': '1.0', 'params': {${prop}: {'value': value}}})`,
          }
        : {
            topic: pick('dp.post').topic,
            makePayload: `    return ujson.dumps({'id': n, 'dp': {${prop}: [{'v': value}]}})`,
          };
    case 'huawei':
      return {
        topic: pick('properties.report').topic,
        makePayload: `    return ujson.dumps({'services': [{'service_id': ${pythonStringLiteral(o.huaweiServiceId ?? 'BasicData')}, 'properties': {${prop}: value}}]})`,
      };
    case 'tencent': {
      const up = c.topics.find((t) => t.name === 'property.up') ?? pick('data.up');
      return {
        topic: up.topic,
        makePayload:
          up.name === 'property.up'
            ? `    return ujson.dumps({'method': 'report', 'clientToken': str(n), 'params': {${prop}: value}})`
            : `    return ujson.dumps({${prop}: value})`,
      };
    }
    default: {
      const up = c.topics.find((t) => t.direction === 'up' && !t.topic.includes('{'));
      if (!up) throw new AppError('INVALID_CREDENTIALS', 'These credentials have no publish topic.');
      return { topic: up.topic, makePayload: `    return ujson.dumps({${prop}: value})` };
    }
  }
};

/** Subscription filters for every downlink topic, without duplicates. */
export const downlinkFilters = (c: CloudCredentials): string[] => {
  const out: string[] = [];
  for (const t of c.topics) {
    if (t.direction !== 'down') continue;
    const f = t.filter ?? (t.topic.includes('{') ? undefined : t.topic);
    if (f && !out.includes(f)) out.push(f);
  }
  return out;
};
