import { verifyHuaweiConnect, type HuaweiEmulatedDevice } from '../../shared/cloud/huawei';
import { huaweiTopics } from '../../shared/cloud/huawei-topics';
import { coveredByAny } from '../../shared/cloud/permissions';
import {
  fillTemplate,
  isObject,
  parseJson,
  templateToFilter,
  type EmulatorProfile,
  findDownlink,
} from './emulator-types';

export const createHuaweiProfile = (device: HuaweiEmulatedDevice, checkTimestamp: boolean): EmulatorProfile => {
  const id = device.deviceId;
  const topics = huaweiTopics(id);
  const pubPatterns = [
    ...topics.filter((t) => t.direction === 'up').map((t) => templateToFilter(t.topic)),
    `$oc/devices/${id}/user/#`,
  ];
  const subPatterns = [`$oc/devices/${id}/sys/#`, `$oc/devices/${id}/user/#`];
  return {
    cloud: 'huawei',
    deviceLabel: id,
    topics,
    verify(c, nowMs) {
      const v = verifyHuaweiConnect(device, c, nowMs, { forceTimestampCheck: checkTimestamp });
      return v.ok ? { ok: true, session: 'device' } : v;
    },
    publishAllowed: (topic) => coveredByAny(pubPatterns, topic),
    subscribeAllowed: (filter) => coveredByAny(subPatterns, filter),
    onUplink(topic, payload, nowMs) {
      // IoTDA does not answer property reports; it answers a time-sync request on events/down.
      if (topic !== `$oc/devices/${id}/sys/events/up`) return [];
      const o = parseJson(payload);
      const services: unknown[] = Array.isArray(o?.services) ? o.services : [];
      const sync = services
        .filter(isObject)
        .find((s) => s.service_id === '$time_sync' && s.event_type === 'time_sync_request');
      if (!sync) return [];
      const sent = isObject(sync.paras) ? sync.paras.device_send_time : undefined;
      return [
        {
          topic: `$oc/devices/${id}/sys/events/down`,
          payload: JSON.stringify({
            object_device_id: id,
            services: [
              {
                service_id: '$time_sync',
                event_type: 'time_sync_response',
                event_time: new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, ''),
                paras: {
                  device_send_time: typeof sent === 'number' && Number.isFinite(sent) ? sent : 0,
                  server_recv_time: nowMs,
                  server_send_time: nowMs,
                },
              },
            ],
          }),
        },
      ];
    },
    downlink(name, args, nextId) {
      const t = findDownlink('Huawei IoTDA', topics, name);
      const requestId = nextId();
      const topic = fillTemplate(t.topic, { request_id: requestId });
      if (args.payload !== undefined) return { topic, payload: args.payload };
      const serviceId = args.serviceId ?? 'default';
      if (name === 'commands.request')
        return {
          topic,
          payload: JSON.stringify({
            object_device_id: id,
            service_id: serviceId,
            command_name: args.commandName ?? 'command',
            paras: args.params ?? {},
          }),
        };
      if (name === 'properties.set')
        return {
          topic,
          payload: JSON.stringify({
            object_device_id: id,
            services: [{ service_id: serviceId, properties: args.params ?? {} }],
          }),
        };
      if (name === 'properties.get')
        return { topic, payload: JSON.stringify({ object_device_id: id, service_id: serviceId }) };
      return { topic, payload: JSON.stringify({ object_device_id: id, id: requestId, content: args.params ?? {} }) };
    },
  };
};
