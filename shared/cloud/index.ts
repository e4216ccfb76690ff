import { AppError } from '../errors';
import { aliyunCloud } from './aliyun';
import { awsCloud } from './aws';
import { azureCloud } from './azure';
import { genericCloud } from './generic';
import { huaweiCloud } from './huawei';
import { oneNetCloud } from './onenet';
import { tencentCloud } from './tencent';
import { thingsBoardCloud } from './thingsboard';
import type { CloudCredentials, CloudDefinition, CloudField, CloudId, CloudInput } from './types';

export * from './types';
export { BUILTIN_CA_PREFIX, CLOUD_CA_FILES } from './ca';
export { verifyAliyunConnect, aliyunMqttAuth, aliyunSign, parseAliyunClientId } from './aliyun';
export { verifyOneNetConnect, oneNetToken } from './onenet';
export { verifyHuaweiConnect, huaweiPassword, huaweiTimestamp } from './huawei';
export * from './aliyun-dynreg';

export const CLOUDS: Record<CloudId, CloudDefinition> = {
  aliyun: aliyunCloud,
  onenet: oneNetCloud,
  huawei: huaweiCloud,
  tencent: tencentCloud,
  azure: azureCloud,
  aws: awsCloud,
  thingsboard: thingsBoardCloud,
  generic: genericCloud,
};

export const CLOUD_IDS = Object.keys(CLOUDS) as CloudId[];

export const isCloudId = (v: string): v is CloudId => Object.prototype.hasOwnProperty.call(CLOUDS, v);

export interface CloudSummary {
  id: CloudId;
  name: string;
  nameZh: string;
  fields: CloudField[];
  docsUrl?: string;
  /** The offline emulator can impersonate this cloud. */
  emulated: boolean;
}

export const listClouds = (): CloudSummary[] =>
  CLOUD_IDS.map((id) => {
    const c = CLOUDS[id];
    return {
      id,
      name: c.name,
      nameZh: c.nameZh,
      fields: c.fields,
      ...(c.docsUrl ? { docsUrl: c.docsUrl } : {}),
      emulated: id === 'aliyun' || id === 'onenet' || id === 'huawei',
    };
  });

/** Validates the form of `cloud` and computes the MQTT connection; throws AppError('INVALID_CREDENTIALS'). */
export const computeCredentials = (cloud: string, input: CloudInput, nowMs: number): CloudCredentials => {
  if (!isCloudId(cloud))
    throw new AppError('INVALID_CREDENTIALS', `Unknown cloud "${cloud}"; choose one of ${CLOUD_IDS.join(', ')}.`, {
      field: 'cloud',
    });
  return CLOUDS[cloud].compute(input, nowMs);
};
