import type { EmulatedCloudId } from '../../../../shared/cloud';

/** A downlink the cloud-side panel can send, with parameters in the cloud's own format. */
interface DownlinkPreset {
  /** The down topic's name in shared/cloud (what the emulator's downlink takes). */
  name: string;
  label: { en: string; zh: string };
  params: string;
  identifier?: string;
  serviceId?: string;
  commandName?: string;
}

export const DOWNLINKS: Record<EmulatedCloudId, DownlinkPreset[]> = {
  aliyun: [
    {
      name: 'property.set',
      label: { en: 'Property set (Alink)', zh: '属性设置（Alink）' },
      params: '{"LightSwitch": 1}',
    },
    {
      name: 'service.invoke',
      label: { en: 'Service call (Alink)', zh: '服务调用（Alink）' },
      params: '{"delay": 5}',
      identifier: 'reboot',
    },
    {
      name: 'user.get',
      label: { en: 'Custom topic /user/get', zh: '自定义主题 /user/get' },
      params: '{"hello": "module"}',
    },
  ],
  onenet: [
    {
      name: 'cmd.request',
      label: { en: 'Command (cmd/request)', zh: '命令下发（cmd/request）' },
      params: '{"switch": 1}',
    },
    {
      name: 'thing.property.set',
      label: { en: 'Property set (OneJSON)', zh: '属性设置（OneJSON）' },
      params: '{"temperature": 25}',
    },
  ],
  huawei: [
    {
      name: 'commands.request',
      label: { en: 'Command', zh: '命令下发' },
      params: '{"value": "ON"}',
      serviceId: 'BasicData',
      commandName: 'switch',
    },
    {
      name: 'properties.set',
      label: { en: 'Property set', zh: '属性设置' },
      params: '{"interval": 30}',
      serviceId: 'BasicData',
    },
    { name: 'messages.down', label: { en: 'Message', zh: '消息下发' }, params: '{"hello": "module"}' },
  ],
};

/** Parses the parameters box: a JSON object, or undefined when it is not one. */
export const parseParams = (text: string): Record<string, unknown> | undefined => {
  try {
    const v: unknown = JSON.parse(text.trim() || '{}');
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};
