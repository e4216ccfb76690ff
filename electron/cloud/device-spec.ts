import { AppError } from '../../shared/errors';
import type { CloudEmulatorConfig } from './emulator';

const bad = (message: string) => new AppError('INVALID_CREDENTIALS', message, { field: 'device' });

/**
 * Parses `--device SPEC`: `ProductKey/DeviceName/DeviceSecret[/ProductSecret]` (aliyun),
 * `ProductId/DeviceName/AccessKey` (onenet; the key may contain '/', so only the first two '/' split),
 * `DeviceId/Secret` (huawei; split on the first '/').
 */
export const parseDeviceSpec = (
  cloud: string,
  spec: string,
  options: { checkTimestamp?: boolean } = {},
): CloudEmulatorConfig => {
  const at = (n: number): [string, string] | undefined => {
    const i = spec.indexOf('/');
    if (i <= 0) return undefined;
    if (n === 1) return [spec.slice(0, i), spec.slice(i + 1)];
    return undefined;
  };
  if (cloud === 'aliyun') {
    const parts = spec.split('/');
    if (parts.length < 3 || parts.length > 4 || parts.some((p) => !p))
      throw bad(
        'Aliyun device SPEC is ProductKey/DeviceName/DeviceSecret (optionally /ProductSecret for dynamic registration).',
      );
    const [productKey, deviceName, deviceSecret, productSecret] = parts as [string, string, string, string | undefined];
    return { cloud, device: { productKey, deviceName, deviceSecret, ...(productSecret ? { productSecret } : {}) } };
  }
  if (cloud === 'onenet') {
    const first = spec.indexOf('/');
    const second = first < 0 ? -1 : spec.indexOf('/', first + 1);
    if (first <= 0 || second <= first + 1 || second === spec.length - 1)
      throw bad('OneNET device SPEC is ProductId/DeviceName/AccessKey (the key may contain /).');
    return {
      cloud,
      device: {
        productId: spec.slice(0, first),
        deviceName: spec.slice(first + 1, second),
        accessKey: spec.slice(second + 1),
      },
    };
  }
  if (cloud === 'huawei') {
    const split = at(1);
    if (!split || !split[1]) throw bad('Huawei device SPEC is DeviceId/Secret.');
    return {
      cloud,
      device: { deviceId: split[0], secret: split[1] },
      ...(options.checkTimestamp ? { checkTimestamp: true } : {}),
    };
  }
  throw bad(`There is no emulator for "${cloud}"; use aliyun, onenet or huawei.`);
};
