import type { CloudId } from '../../../../shared/cloud';
import type { FormValues } from './fields';

interface CloudExample {
  values: FormValues;
  /** Where the values come from, shown next to the button. */
  source: { en: string; zh: string };
  /** Fields the guide does not publish (we filled a made-up value so the form computes). */
  madeUp?: string[];
}

/** The example values of the QuecPython cloud guides, one click away. */
export const EXAMPLES: Partial<Record<CloudId, CloudExample>> = {
  onenet: {
    // QuecPython OneNET guide: the token it prints for this key is version=2018-10-31&res=...&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D
    values: {
      productId: '469948',
      deviceName: 'Chic_D',
      accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
      level: 'device',
      method: 'sha1',
      expiresAt: '1673053248',
      tls: 'tcp',
      keepalive: '30',
    },
    source: { en: 'QuecPython OneNET guide (device Chic_D)', zh: 'QuecPython 接入 OneNET 文档（设备 Chic_D）' },
  },
  aliyun: {
    values: {
      productKey: 'a1YoiRfLSbV',
      deviceName: 'QuecPyhon_Dev',
      deviceSecret: 'a86aadbbe78de7b8248adfc09e458bb9',
      clientId: 'Quecpython',
      signMethod: 'hmacsha256',
      secureMode: '3',
      regionId: 'cn-shanghai',
      keepalive: '300',
    },
    source: {
      en: 'QuecPython Aliyun guide (device QuecPyhon_Dev)',
      zh: 'QuecPython 阿里云应用指导（设备 QuecPyhon_Dev）',
    },
  },
  huawei: {
    values: {
      deviceId: '5fbbb784b4ec2202e982e643_868540050954037',
      secret: 'QuecPythonDemo2021',
      timestamp: '2021011909',
      checkTimestamp: '0',
      host: 'a15fbbd7ce.iot-mqtts.cn-north-4.myhuaweicloud.com',
      region: 'cn-north-4',
      tls: 'tcp',
      keepalive: '120',
    },
    source: {
      en: 'QuecPython Huawei Cloud guide (device …_868540050954037)',
      zh: 'QuecPython 接入华为云文档（设备 …_868540050954037）',
    },
    madeUp: ['secret'],
  },
  generic: {
    values: {
      host: '127.0.0.1',
      port: '1883',
      tls: 'no',
      clientId: 'qpy-demo',
      publishTopic: 'qpy/demo/up',
      subscribeTopic: 'qpy/demo/down',
    },
    source: { en: 'The built-in broker of QPY Studio', zh: 'QPY Studio 内置 MQTT 服务器' },
  },
};
