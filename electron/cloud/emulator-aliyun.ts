import { verifyAliyunConnect, type AliyunEmulatedDevice } from '../../shared/cloud/aliyun';
import { aliyunTopics } from '../../shared/cloud/aliyun-topics';
import { coveredByAny } from '../../shared/cloud/permissions';
import {
  fillTemplate,
  parseJson,
  templateToFilter,
  type EmulatorProfile,
  type OutMessage,
  findDownlink,
} from './emulator-types';

const randomSecret = (length: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
};

export const createAliyunProfile = (device: AliyunEmulatedDevice): EmulatorProfile => {
  const { productKey: pk, deviceName: dn } = device;
  const topics = aliyunTopics(pk, dn);
  const tokens = device.deviceTokens ?? new Map<string, string>();
  device.deviceTokens = tokens;
  const user = `/${pk}/${dn}/user/#`;
  const pubPatterns = [...topics.filter((t) => t.direction === 'up').map((t) => templateToFilter(t.topic)), user];
  const subPatterns = [
    ...topics.filter((t) => t.direction === 'down').map((t) => t.filter ?? templateToFilter(t.topic)),
    user,
  ];
  const sys = `/sys/${pk}/${dn}`;

  const reply = (topic: string, method: string, payload: string): OutMessage => {
    const o = parseJson(payload);
    const id = o && (typeof o.id === 'string' || typeof o.id === 'number') ? String(o.id) : undefined;
    const ok = id !== undefined && typeof o?.params === 'object' && o.params !== null;
    return {
      topic: `${topic}_reply`,
      payload: JSON.stringify(
        ok
          ? { code: 200, data: {}, id, message: 'success', method, version: '1.0' }
          : { code: 460, data: {}, id: id ?? '', message: 'request parameter error', method, version: '1.0' },
      ),
    };
  };

  return {
    cloud: 'aliyun',
    deviceLabel: `${pk}/${dn}`,
    topics,
    verify(c) {
      const v = verifyAliyunConnect(device, c);
      return v.ok ? { ok: true, session: v.kind, note: v.clientBase } : v;
    },
    publishAllowed: (topic, session) =>
      (session === 'device' || session === 'connwl') && coveredByAny(pubPatterns, topic),
    subscribeAllowed: (filter, session) =>
      (session === 'device' || session === 'connwl') && coveredByAny(subPatterns, filter),
    onUplink(topic, payload, nowMs) {
      if (topic === `${sys}/thing/event/property/post`) return [reply(topic, 'thing.event.property.post', payload)];
      const event = new RegExp(`^${sys.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/thing/event/([^/]+)/post$`).exec(topic);
      if (event) return [reply(topic, `thing.event.${event[1]}.post`, payload)];
      if (topic === `/ext/ntp/${pk}/${dn}/request`) {
        const v = parseJson(payload)?.deviceSendTime;
        const sent = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '0';
        return [
          {
            topic: `/ext/ntp/${pk}/${dn}/response`,
            payload: JSON.stringify({
              deviceSendTime: sent,
              serverRecvTime: String(nowMs),
              serverSendTime: String(nowMs),
            }),
          },
        ];
      }
      return [];
    },
    onReady(session, clientId) {
      if (session === 'register') {
        device.deviceSecret ??= randomSecret(32);
        return [
          {
            topic: '/ext/register',
            payload: JSON.stringify({ productKey: pk, deviceName: dn, deviceSecret: device.deviceSecret }),
          },
        ];
      }
      if (session === 'regnwl') {
        const token = randomSecret(32);
        tokens.set(clientId, token);
        return [
          {
            topic: '/ext/regnwl',
            payload: JSON.stringify({ clientId, productKey: pk, deviceName: dn, deviceToken: token }),
          },
        ];
      }
      return [];
    },
    downlink(name, args, nextId) {
      const t = findDownlink('Aliyun', topics, name);
      const id = nextId();
      const topic = fillTemplate(t.topic, { identifier: args.identifier ?? 'service', messageId: id });
      if (args.payload !== undefined) return { topic, payload: args.payload };
      if (name === 'property.set')
        return {
          topic,
          payload: JSON.stringify({
            id,
            version: '1.0',
            params: args.params ?? {},
            method: 'thing.service.property.set',
          }),
        };
      if (name === 'service.invoke')
        return {
          topic,
          payload: JSON.stringify({
            id,
            version: '1.0',
            params: args.params ?? {},
            method: `thing.service.${args.identifier ?? 'service'}`,
          }),
        };
      return { topic, payload: JSON.stringify(args.params ?? {}) };
    },
  };
};
