import type { CloudTopic } from './types';

/** OneNET MQTT kit system topics: data points, commands and the thing model (OneJSON). */
export const oneNetTopics = (pid: string, dn: string): CloudTopic[] => {
  const base = `$sys/${pid}/${dn}`;
  return [
    {
      name: 'dp.post',
      direction: 'up',
      topic: `${base}/dp/post/json`,
      description: { en: 'Upload data points (QoS 0/1)', zh: '设备上传数据点' },
      example: '{"id":123,"dp":{"temperature":[{"v":30}],"power":[{"v":4.5}]}}',
    },
    {
      name: 'dp.accepted',
      direction: 'down',
      topic: `${base}/dp/post/json/accepted`,
      description: { en: 'Upload stored', zh: '系统通知“设备上传数据点成功”' },
      example: '{"id":123}',
    },
    {
      name: 'dp.rejected',
      direction: 'down',
      topic: `${base}/dp/post/json/rejected`,
      description: { en: 'Upload refused, with err_code/err_msg', zh: '系统通知“设备上传数据点失败”' },
      example: '{"id":123,"err_code":98,"err_msg":"Illegal Data"}',
    },
    {
      name: 'cmd.request',
      direction: 'down',
      topic: `${base}/cmd/request/{cmdid}`,
      filter: `${base}/cmd/request/+`,
      description: { en: 'Command from the application (payload passed through)', zh: '系统向设备下发命令' },
      example: '{"switch":1}',
    },
    {
      name: 'cmd.response',
      direction: 'up',
      topic: `${base}/cmd/response/{cmdid}`,
      description: { en: 'Answer a command with the same cmdid (under 1 KB)', zh: '设备回复命令应答' },
      example: '{"result":"ok"}',
    },
    {
      name: 'cmd.response.result',
      direction: 'down',
      topic: `${base}/cmd/response/{cmdid}/accepted`,
      filter: `${base}/cmd/response/+/+`,
      description: { en: 'Answer accepted (empty) or rejected (err_code)', zh: '命令应答结果（accepted / rejected）' },
      example: '',
    },
    {
      name: 'thing.property.post',
      direction: 'up',
      topic: `${base}/thing/property/post`,
      description: { en: 'Report properties (thing model, OneJSON)', zh: '设备属性上报（物模型）' },
      example: '{"id":"1","version":"1.0","params":{"temperature":{"value":23.5}}}',
    },
    {
      name: 'thing.property.post.reply',
      direction: 'down',
      topic: `${base}/thing/property/post/reply`,
      description: { en: 'Reply to a property report', zh: '属性上报响应' },
      example: '{"id":"1","code":200,"msg":"success"}',
    },
    {
      name: 'thing.property.set',
      direction: 'down',
      topic: `${base}/thing/property/set`,
      description: { en: 'Platform sets properties', zh: '设备属性设置' },
      example: '{"id":"2","version":"1.0","params":{"switch":true}}',
    },
    {
      name: 'thing.property.set_reply',
      direction: 'up',
      topic: `${base}/thing/property/set_reply`,
      description: { en: 'Answer a property set', zh: '设备属性设置响应' },
      example: '{"id":"2","code":200,"msg":"success"}',
    },
    {
      name: 'thing.property.get',
      direction: 'down',
      topic: `${base}/thing/property/get`,
      description: { en: 'Platform reads properties', zh: '设备属性获取' },
      example: '{"id":"3","version":"1.0","params":["temperature"]}',
    },
    {
      name: 'thing.property.get_reply',
      direction: 'up',
      topic: `${base}/thing/property/get_reply`,
      description: { en: 'Answer a property read', zh: '设备属性获取响应' },
      example: '{"id":"3","code":200,"msg":"success","data":{"temperature":23.5}}',
    },
    {
      name: 'thing.event.post',
      direction: 'up',
      topic: `${base}/thing/event/post`,
      description: { en: 'Report events', zh: '设备事件上报' },
      example: '{"id":"4","version":"1.0","params":{"alarm":{"value":{"level":1},"time":1700000000000}}}',
    },
    {
      name: 'thing.event.post.reply',
      direction: 'down',
      topic: `${base}/thing/event/post/reply`,
      description: { en: 'Reply to an event report', zh: '事件上报响应' },
      example: '{"id":"4","code":200,"msg":"success"}',
    },
    {
      name: 'thing.service.invoke',
      direction: 'down',
      topic: `${base}/thing/service/{identifier}/invoke`,
      filter: `${base}/thing/service/+/invoke`,
      description: { en: 'Platform calls a service', zh: '设备服务调用' },
      example: '{"id":"5","version":"1.0","params":{"duration":10}}',
    },
    {
      name: 'thing.service.invoke_reply',
      direction: 'up',
      topic: `${base}/thing/service/{identifier}/invoke_reply`,
      description: { en: 'Answer a service call', zh: '设备服务调用响应' },
      example: '{"id":"5","code":200,"msg":"success","data":{}}',
    },
  ];
};
