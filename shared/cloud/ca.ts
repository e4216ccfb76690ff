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

/** How a profile names a CA file that ships with the app (resolved by the backend), e.g. `builtin:aws-root-ca.pem`. */
export const BUILTIN_CA_PREFIX = 'builtin:';

export const builtinCaReference = (file: string): string => `${BUILTIN_CA_PREFIX}${file}`;
