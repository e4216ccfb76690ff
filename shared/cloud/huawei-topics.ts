import type { CloudTopic } from './types';

/** IoTDA system topics of a directly connected device. */
export const huaweiTopics = (deviceId: string): CloudTopic[] => {
  const sys = `$oc/devices/${deviceId}/sys`;
  return [
    {
      name: 'properties.report',
      direction: 'up',
      topic: `${sys}/properties/report`,
      description: { en: 'Report properties of a service', zh: '设备属性上报' },
      example:
        '{"services":[{"service_id":"WaterMeter","properties":{"temperature":23.5},"event_time":"20151212T121212Z"}]}',
    },
    {
      name: 'properties.set',
      direction: 'down',
      topic: `${sys}/properties/set/request_id={request_id}`,
      filter: `${sys}/properties/set/#`,
      description: { en: 'Platform sets properties', zh: '平台设置设备属性' },
      example:
        '{"object_device_id":"' + deviceId + '","services":[{"service_id":"WaterMeter","properties":{"switch":1}}]}',
    },
    {
      name: 'properties.set.response',
      direction: 'up',
      topic: `${sys}/properties/set/response/request_id={request_id}`,
      description: { en: 'Answer a property set with the same request_id', zh: '属性设置的响应结果' },
      example: '{"result_code":0,"result_desc":"success"}',
    },
    {
      name: 'properties.get',
      direction: 'down',
      topic: `${sys}/properties/get/request_id={request_id}`,
      filter: `${sys}/properties/get/#`,
      description: { en: 'Platform queries properties', zh: '平台查询设备属性' },
      example: '{"object_device_id":"' + deviceId + '","service_id":"WaterMeter"}',
    },
    {
      name: 'properties.get.response',
      direction: 'up',
      topic: `${sys}/properties/get/response/request_id={request_id}`,
      description: { en: 'Answer a property query', zh: '属性查询的响应结果' },
      example: '{"services":[{"service_id":"WaterMeter","properties":{"temperature":23.5}}]}',
    },
    {
      name: 'messages.up',
      direction: 'up',
      topic: `${sys}/messages/up`,
      description: { en: 'Free-form message to the platform', zh: '设备消息上报' },
      example: '{"name":"hello","content":"device message"}',
    },
    {
      name: 'messages.down',
      direction: 'down',
      topic: `${sys}/messages/down`,
      description: { en: 'Message from the platform (API CreateMessage)', zh: '平台消息下发' },
      example: '{"object_device_id":"' + deviceId + '","name":"hello","id":"1","content":"hi device"}',
    },
    {
      name: 'commands.request',
      direction: 'down',
      topic: `${sys}/commands/request_id={request_id}`,
      filter: `${sys}/commands/#`,
      description: { en: 'Command from the platform', zh: '平台命令下发' },
      example:
        '{"object_device_id":"' +
        deviceId +
        '","service_id":"WaterMeter","command_name":"ON_OFF","paras":{"value":"ON"}}',
    },
    {
      name: 'commands.response',
      direction: 'up',
      topic: `${sys}/commands/response/request_id={request_id}`,
      description: { en: 'Answer a command with the same request_id', zh: '设备返回命令响应' },
      example: '{"result_code":0,"response_name":"COMMAND_RESPONSE","paras":{"result":"success"}}',
    },
    {
      name: 'events.up',
      direction: 'up',
      topic: `${sys}/events/up`,
      description: { en: 'Device events (OTA, time sync, ...)', zh: '设备事件上报' },
      example:
        '{"services":[{"service_id":"$time_sync","event_type":"time_sync_request","paras":{"device_send_time":1582685678789}}]}',
    },
    {
      name: 'events.down',
      direction: 'down',
      topic: `${sys}/events/down`,
      description: { en: 'Platform events (OTA, time sync, ...)', zh: '平台事件下发' },
      example:
        '{"services":[{"service_id":"$time_sync","event_type":"time_sync_response","paras":{"device_send_time":1582685678789,"server_recv_time":1582685678790,"server_send_time":1582685678790}}]}',
    },
  ];
};
