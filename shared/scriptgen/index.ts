import type { CloudCredentials, CloudId } from '../cloud/types';
import { AppError } from '../errors';
import { aliyunModuleScript } from './aliyun-module';
import type { ScriptOptions } from './types';
import { umqttScript } from './umqtt';

export type { ScriptOptions } from './types';

/**
 * A QuecPython main.py for `cloud` with these credentials: waits for the network (checkNet), connects with
 * backoff, subscribes to the downlink topics with a printing callback, and reports a property every interval.
 */
export const generateScript = (cloud: CloudId, credentials: CloudCredentials, options: ScriptOptions = {}): string => {
  if (credentials.cloud !== cloud)
    throw new AppError(
      'INVALID_CREDENTIALS',
      `These credentials are for ${credentials.cloud}, not ${cloud}; compute them again.`,
    );
  if (
    options.intervalS !== undefined &&
    (!Number.isInteger(options.intervalS) || options.intervalS < 1 || options.intervalS > 86400)
  )
    throw new AppError('BAD_REQUEST', 'The report interval must be 1–86400 s.');
  if (
    options.keepalive !== undefined &&
    (options.keepalive < credentials.keepalive.min || options.keepalive > credentials.keepalive.max)
  )
    throw new AppError(
      'BAD_REQUEST',
      `keepalive must be ${credentials.keepalive.min}–${credentials.keepalive.max} s for ${cloud}.`,
    );
  if (cloud === 'aliyun' && (options.aliyunClient ?? 'module') === 'module')
    return aliyunModuleScript(credentials, options);
  return umqttScript(credentials, options);
};
