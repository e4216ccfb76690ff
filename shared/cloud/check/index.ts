import { AppError } from '../../errors';
import { checkAliyun } from './aliyun';
import { checkAzure } from './azure';
import { checkHuawei } from './huawei';
import { checkOneNet } from './onenet';
import { checkTencent } from './tencent';
import { CHECKABLE_CLOUDS, type CheckableCloud, type CredentialCheckInput, type CredentialCheckResult } from './types';

export * from './types';

const CHECKERS: Record<CheckableCloud, (input: CredentialCheckInput, nowMs: number) => CredentialCheckResult> = {
  onenet: checkOneNet,
  aliyun: checkAliyun,
  huawei: checkHuawei,
  tencent: checkTencent,
  azure: checkAzure,
};

const isCheckableCloud = (v: string): v is CheckableCloud => (CHECKABLE_CLOUDS as readonly string[]).includes(v);

/** Decodes a pasted clientId / username / password of `cloud`, and verifies it when the secret is given. */
export const checkCredentials = (cloud: string, input: CredentialCheckInput, nowMs: number): CredentialCheckResult => {
  if (!isCheckableCloud(cloud))
    throw new AppError(
      'INVALID_CREDENTIALS',
      `qpy can check ${CHECKABLE_CLOUDS.join(', ')} credentials, not "${cloud}".`,
      {
        field: 'cloud',
      },
    );
  return CHECKERS[cloud](input, nowMs);
};
