import type { cloudCalls } from '../../../shared/api/cloud';
import { computeCredentials, listClouds } from '../../../shared/cloud';
import { checkCredentials } from '../../../shared/cloud/check';
import { isAppError } from '../../../shared/errors';
import { fail, ok, type Result } from '../../../shared/result';
import { generateScript } from '../../../shared/scriptgen';
import type { FakeDomain } from './types';
import { unconfigured } from './types';

/** Fixed "now" of the fake backend: 2024-05-01T00:00:00Z. */
const FAKE_NOW_MS = Date.UTC(2024, 4, 1);

/** Runs the real (pure) cloud code the way the backend does, turning AppErrors into failed results. */
const asResult = <T>(run: () => T): Result<T> => {
  try {
    return ok(run());
  } catch (e) {
    if (isAppError(e)) return fail(e.code, e.message, e.detail);
    throw e;
  }
};

export const cloudFakes: FakeDomain<keyof typeof cloudCalls> = {
  cloudList: () => ok(listClouds()),
  cloudCompute: ({ cloud, fields }) => asResult(() => computeCredentials(cloud, fields, FAKE_NOW_MS)),
  cloudCheck: ({ cloud, ...input }) => asResult(() => checkCredentials(cloud, input, FAKE_NOW_MS)),
  cloudGenerateScript: ({ cloud, fields, options, endpoint }) =>
    asResult(() => {
      const computed = computeCredentials(cloud, fields, FAKE_NOW_MS);
      const credentials = endpoint ? { ...computed, ...endpoint } : computed;
      return {
        fileName: 'main.py' as const,
        script: generateScript(cloud, credentials, { ...options, fields }),
        credentials,
      };
    }),
  cloudRegister: unconfigured('cloudRegister'),
  cloudEmulatorStart: ({ cloud }) =>
    ok({
      running: true,
      cloud,
      device: 'fake-device',
      broker: { host: '127.0.0.1', port: 18830 },
      connected: [],
      events: [],
    }),
  cloudEmulatorStop: () => ok({ running: false, connected: [], events: [] }),
  cloudEmulatorStatus: () => ok({ running: false, connected: [], events: [] }),
  cloudEmulatorDownlink: unconfigured('cloudEmulatorDownlink'),
};
