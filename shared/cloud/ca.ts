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

/**
 * How profiles saved before `tls.caBundled` named a CA file that ships with the app, e.g.
 * `builtin:aws-root-ca.pem` (read only to migrate them).
 */
export const BUILTIN_CA_PREFIX = 'builtin:';
