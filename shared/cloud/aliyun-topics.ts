import type { CloudTopic } from './types';

/** Alink topics of a directly connected device (https://help.aliyun.com/document_detail/89301.html). */
export const aliyunTopics = (pk: string, dn: string): CloudTopic[] => {
  const sys = `/sys/${pk}/${dn}`;
  return [
    {
      name: 'property.post',
      direction: 'up',
      topic: `${sys}/thing/event/property/post`,
      description: { en: 'Report properties (thing model)', zh: '设备属性上报' },
      example: '{"id":"1","version":"1.0","params":{"temperature":23.5},"method":"thing.event.property.post"}',
    },
    {
      name: 'property.post_reply',
      direction: 'down',
      topic: `${sys}/thing/event/property/post_reply`,
      description: { en: 'Cloud reply to a property report', zh: '云端对属性上报的响应' },
      example:
        '{"code":200,"data":{},"id":"1","message":"success","method":"thing.event.property.post","version":"1.0"}',
    },
    {
      name: 'property.set',
      direction: 'down',
      topic: `${sys}/thing/service/property/set`,
      description: { en: 'Cloud sets properties', zh: '云端设置设备属性' },
      example: '{"id":"2","version":"1.0","params":{"LightSwitch":1},"method":"thing.service.property.set"}',
    },
    {
      name: 'property.set_reply',
      direction: 'up',
      topic: `${sys}/thing/service/property/set_reply`,
      description: { en: 'Device answers a property set', zh: '设备响应属性设置' },
      example: '{"code":200,"data":{},"id":"2","message":"success","version":"1.0"}',
    },
    {
      name: 'event.post',
      direction: 'up',
      topic: `${sys}/thing/event/{identifier}/post`,
      description: {
        en: 'Report an event; {identifier} is the event id of the thing model',
        zh: '设备事件上报，{identifier} 为事件标识符',
      },
      example:
        '{"id":"3","version":"1.0","params":{"value":{"Power":"on"},"time":1524448722000},"method":"thing.event.alarm.post"}',
    },
    {
      name: 'event.post_reply',
      direction: 'down',
      topic: `${sys}/thing/event/{identifier}/post_reply`,
      filter: `${sys}/thing/event/+/post_reply`,
      description: { en: 'Cloud reply to an event', zh: '云端对事件上报的响应' },
      example: '{"code":200,"data":{},"id":"3","message":"success","method":"thing.event.alarm.post","version":"1.0"}',
    },
    {
      name: 'service.invoke',
      direction: 'down',
      topic: `${sys}/thing/service/{identifier}`,
      filter: `${sys}/thing/service/+`,
      description: { en: 'Cloud calls a service', zh: '云端调用设备服务' },
      example: '{"id":"4","version":"1.0","params":{"Switch":1},"method":"thing.service.Open"}',
    },
    {
      name: 'service.reply',
      direction: 'up',
      topic: `${sys}/thing/service/{identifier}_reply`,
      description: { en: 'Device answers a service call', zh: '设备响应服务调用' },
      example: '{"code":200,"data":{},"id":"4","message":"success","version":"1.0"}',
    },
    {
      name: 'user.update',
      direction: 'up',
      topic: `/${pk}/${dn}/user/update`,
      description: { en: 'Custom topic: device publishes (permission: publish)', zh: '自定义 Topic：设备发布' },
      example: 'Hello, Aliyun!',
    },
    {
      name: 'user.get',
      direction: 'down',
      topic: `/${pk}/${dn}/user/get`,
      description: { en: 'Custom topic: device subscribes (permission: subscribe)', zh: '自定义 Topic：设备订阅' },
      example: 'hello device',
    },
    {
      name: 'rrpc.request',
      direction: 'down',
      topic: `${sys}/rrpc/request/{messageId}`,
      filter: `${sys}/rrpc/request/+`,
      description: { en: 'Synchronous call from the cloud (RRPC)', zh: 'RRPC 同步调用请求' },
      example: '{"id":"5","params":{}}',
    },
    {
      name: 'rrpc.response',
      direction: 'up',
      topic: `${sys}/rrpc/response/{messageId}`,
      description: { en: 'Answer an RRPC call with the same messageId', zh: 'RRPC 响应（同一 messageId）' },
      example: '{"code":200}',
    },
    {
      name: 'ota.inform',
      direction: 'up',
      topic: `/ota/device/inform/${pk}/${dn}`,
      description: { en: 'Report the firmware version', zh: '上报 OTA 模块版本号' },
      example: '{"id":"6","params":{"version":"1.0.0"}}',
    },
    {
      name: 'ota.upgrade',
      direction: 'down',
      topic: `/ota/device/upgrade/${pk}/${dn}`,
      description: { en: 'Firmware upgrade notice', zh: '云端推送升级包信息' },
      example:
        '{"code":"1000","data":{"size":432945,"version":"2.0.0","url":"https://...","md5":"..."},"id":1507707025,"message":"success"}',
    },
    {
      name: 'ota.progress',
      direction: 'up',
      topic: `/ota/device/progress/${pk}/${dn}`,
      description: { en: 'Report upgrade progress', zh: '上报升级进度' },
      example: '{"id":"7","params":{"step":"95","desc":"downloading"}}',
    },
    {
      name: 'ntp.request',
      direction: 'up',
      topic: `/ext/ntp/${pk}/${dn}/request`,
      description: { en: 'Ask the cloud for its time (NTP)', zh: 'NTP 时钟同步请求' },
      example: '{"deviceSendTime":"1571724098000"}',
    },
    {
      name: 'ntp.response',
      direction: 'down',
      topic: `/ext/ntp/${pk}/${dn}/response`,
      description: {
        en: 'Cloud time: device time = (serverRecvTime + serverSendTime + now - deviceSendTime) / 2',
        zh: 'NTP 时钟同步响应',
      },
      example: '{"deviceSendTime":"1571724098000","serverRecvTime":"1571724098110","serverSendTime":"1571724098115"}',
    },
    {
      name: 'broadcast',
      direction: 'down',
      topic: `/broadcast/${pk}/{identifier}`,
      filter: `/broadcast/${pk}/+`,
      description: { en: 'Broadcast to every device of the product', zh: '产品内广播' },
      example: 'broadcast message',
    },
  ];
};
