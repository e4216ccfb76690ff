import type { CloudId } from './types';

/** Root CA bundle (file in assets/certs/) each cloud's TLS endpoint chains to. */
export const CLOUD_CA_FILES: Partial<Record<CloudId, string>> = {
  aliyun: 'aliyun-root-ca.pem',
  onenet: 'onenet-mqtts-ca.pem',
  huawei: 'huawei-iotda-ca.pem',
  tencent: 'tencent-iot-ca.pem',
  azure: 'azure-iot-ca.pem',
  aws: 'aws-root-ca.pem',
};
