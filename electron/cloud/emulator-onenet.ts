import { verifyOneNetConnect, type OneNetEmulatedDevice } from '../../shared/cloud/onenet';
import { oneNetTopics } from '../../shared/cloud/onenet-topics';
import { coveredByAny } from '../../shared/cloud/permissions';
import {
  fillTemplate,
  parseJson,
  templateToFilter,
  type EmulatorProfile,
  type OutMessage,
  findDownlink,
} from './emulator-types';

export const createOneNetProfile = (device: OneNetEmulatedDevice): EmulatorProfile => {
  const base = `$sys/${device.productId}/${device.deviceName}`;
  const topics = oneNetTopics(device.productId, device.deviceName);
  const pubPatterns = topics.filter((t) => t.direction === 'up').map((t) => templateToFilter(t.topic));
  // Wildcards only from the fifth level on: $sys/{pid}/{name}/cmd/# is fine, $sys/{pid}/{name}/# is refused.
  const subPatterns = [`${base}/dp/#`, `${base}/cmd/#`, `${base}/thing/#`, `${base}/image/#`];
  /** Commands sent and not answered yet. */
  const pendingCmds = new Set<string>();

  const thingReply = (topic: string, payload: string): OutMessage => {
    const o = parseJson(payload);
    const id = o && (typeof o.id === 'string' || typeof o.id === 'number') ? String(o.id) : undefined;
    const ok = id !== undefined && typeof o?.params === 'object' && o.params !== null;
    return {
      topic: `${topic}/reply`,
      payload: JSON.stringify(
        ok ? { id, code: 200, msg: 'success' } : { id: id ?? '', code: 2403, msg: 'Illegal Data' },
      ),
    };
  };

  return {
    cloud: 'onenet',
    deviceLabel: `${device.productId}/${device.deviceName}`,
    topics,
    verify(c, nowMs) {
      const v = verifyOneNetConnect(device, c, nowMs);
      return v.ok ? { ok: true, session: 'device' } : v;
    },
    publishAllowed: (topic) => coveredByAny(pubPatterns, topic),
    subscribeAllowed: (filter) => coveredByAny(subPatterns, filter),
    onUplink(topic, payload) {
      if (topic === `${base}/dp/post/json`) {
        const o = parseJson(payload);
        const id =
          o && Number.isInteger(o.id) && (o.id as number) > 0 && (o.id as number) <= 0x7fffffff
            ? (o.id as number)
            : undefined;
        if (id !== undefined && o && typeof o.dp === 'object' && o.dp !== null && !Array.isArray(o.dp))
          return [{ topic: `${topic}/accepted`, payload: JSON.stringify({ id }) }];
        return [
          {
            topic: `${topic}/rejected`,
            payload: JSON.stringify({ id: id ?? -1, err_code: 98, err_msg: 'Illegal Data' }),
          },
        ];
      }
      const cmd = topic.startsWith(`${base}/cmd/response/`) ? topic.slice(`${base}/cmd/response/`.length) : undefined;
      if (cmd !== undefined && !cmd.includes('/')) {
        if (payload.length >= 1024)
          return [
            {
              topic: `${topic}/rejected`,
              payload: JSON.stringify({ err_code: 99, err_msg: 'maximum payload size exceeded' }),
            },
          ];
        if (!pendingCmds.delete(cmd))
          return [
            { topic: `${topic}/rejected`, payload: JSON.stringify({ err_code: 113, err_msg: 'cmd id not found' }) },
          ];
        return [{ topic: `${topic}/accepted`, payload: '' }];
      }
      if (topic === `${base}/thing/property/post` || topic === `${base}/thing/event/post`)
        return [thingReply(topic, payload)];
      return [];
    },
    downlink(name, args, nextId) {
      const t = findDownlink('OneNET', topics, name);
      const id = nextId();
      const topic = fillTemplate(t.topic, { cmdid: id, identifier: args.identifier ?? 'service' });
      if (name === 'cmd.request') pendingCmds.add(id);
      if (args.payload !== undefined) return { topic, payload: args.payload };
      if (name === 'thing.property.get')
        return { topic, payload: JSON.stringify({ id, version: '1.0', params: Object.keys(args.params ?? {}) }) };
      if (name.startsWith('thing.'))
        return { topic, payload: JSON.stringify({ id, version: '1.0', params: args.params ?? {} }) };
      return { topic, payload: JSON.stringify(args.params ?? {}) };
    },
  };
};
