import type { CloudInput } from '../cloud/types';

export interface ScriptOptions {
  /** Seconds between two property reports. Default 10. */
  intervalS?: number;
  /** Property identifier of the product's thing model. Default 'temperature'. */
  property?: string;
  /** Keepalive in seconds; defaults to the cloud's recommended value. */
  keepalive?: number;
  /** The wizard's form values (Aliyun's aLiYun module signs by itself, so it needs the triple). */
  fields?: CloudInput;
  /** Aliyun: 'module' uses QuecPython's aLiYun (default), 'umqtt' uses the computed password with umqtt. */
  aliyunClient?: 'module' | 'umqtt';
  /** OneNET payload format: data points ('dp', default) or thing model ('thing'). */
  oneNetFormat?: 'dp' | 'thing';
  /** Huawei service_id of the product model. Default 'BasicData'. */
  huaweiServiceId?: string;
  /** Project name and version shown by checkNet. */
  projectName?: string;
  projectVersion?: string;
}
