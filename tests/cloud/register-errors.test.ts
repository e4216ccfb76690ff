import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAliyunRegisterReply } from '../../shared/cloud/aliyun-dynreg';
import { AppError } from '../../shared/errors';
import { installCloudEmulator } from '../../electron/cloud/emulator';
import { createAliyunAuthFetch } from '../../electron/cloud/emulator-aliyun-http';
import type { CloudEmulatorService } from '../../electron/cloud/emulator-service';
import { registerAliyunHttps, registerAliyunMqtt, type FetchLike } from '../../electron/cloud/register-client';
import { createCloudHandlers } from '../../electron/handlers/cloud';
import { zh as commonZh } from '../../renderer/src/i18n/locales/common';
import { zh as cloudZh } from '../../renderer/src/i18n/locales/cloud';
import { startBroker, type TestBroker } from './helpers';

const productSecret = 'mj7qKfEn73y07gyK';
const base = { productKey: 'a1llZotKkCm', productSecret, deviceName: 'Chic_002', random: '5567' };
const device = { productKey: base.productKey, deviceName: base.deviceName, productSecret };
const ctx = { shell: 'web', clientId: 'test' } as const;
/** Three English words in a row: a sentence left untranslated. */
const ENGLISH = /\b[A-Za-z]{2,}[ ,]+[a-z]{2,}[ ,]+[a-z]{2,}\b/;

let broker: TestBroker | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

const failure = async (attempt: () => unknown): Promise<AppError> => {
  try {
    await attempt();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected the registration to fail');
};

const answering =
  (status: number, body: string): FetchLike =>
  async () => ({ status, text: async () => body });

const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

/** The zh sentence the UI shows for a message key (ErrorBanner looks in these two places). */
const zhSentence = (messageKey: string): string | undefined => {
  const walk = (tree: unknown, path: string[]): unknown =>
    path.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
  const found = walk(commonZh.errors.byKey, messageKey.split('.')) ?? walk(cloudZh.fieldProblem, messageKey.split('.'));
  return typeof found === 'string' ? found : undefined;
};

describe('every way Aliyun dynamic registration can fail says so in Chinese too', () => {
  it('names a zh sentence, filled from its detail, for each refusal, transport failure and bad answer', async () => {
    broker = await startBroker((aedes) => void installCloudEmulator(aedes, { cloud: 'aliyun', device }));
    const silent = await startBroker();
    const local = { host: '127.0.0.1', tls: false, timeoutMs: 1500 };
    const emulatorOff = createCloudHandlers({
      emulators: { aliyunDevice: undefined, status: () => ({}) } as unknown as CloudEmulatorService,
    });
    const request = { cloud: 'aliyun', mode: 'register', ...base } as const;
    try {
      const failures = [
        await failure(() => registerAliyunHttps({ ...base, productKey: 'a1.evil.com/' })),
        await failure(() => registerAliyunHttps({ ...base, regionId: 'cn shanghai' })),
        await failure(() => registerAliyunHttps({ ...base, instanceId: 'iot-06z00.evil.com/' })),
        await failure(() =>
          registerAliyunHttps({ ...base, productSecret: 'nope' }, { fetch: createAliyunAuthFetch(device) }),
        ),
        await failure(() => registerAliyunHttps(base, { fetch: async () => Promise.reject(new Error('EAI_AGAIN')) })),
        await failure(() => registerAliyunHttps(base, { fetch: answering(502, '<html>bad gateway</html>') })),
        await failure(() => registerAliyunHttps(base, { fetch: answering(200, '<html>') })),
        await failure(() => registerAliyunHttps(base, { fetch: answering(200, '[1]') })),
        await failure(() => registerAliyunHttps(base, { fetch: answering(200, '{"code":200}') })),
        await failure(() => registerAliyunHttps(base, { fetch: answering(200, '{"code":200,"data":{}}') })),
        await failure(() =>
          registerAliyunMqtt('register', { ...base, productSecret: 'bad' }, { ...local, port: broker!.port }),
        ),
        await failure(() => registerAliyunMqtt('register', base, { ...local, port: silent.port })),
        await failure(async () => registerAliyunMqtt('register', base, { ...local, port: await closedPort() })),
        await failure(() => parseAliyunRegisterReply('/ext/other', '{}')),
        await failure(() => emulatorOff.cloudRegister({ ...request, transport: 'mqtt', useEmulator: true }, ctx)),
        await failure(() => emulatorOff.cloudRegister({ ...request, transport: 'https', mode: 'regnwl' }, ctx)),
      ];
      for (const error of failures) {
        const messageKey = error.detail?.messageKey;
        expect(messageKey, error.message).toEqual(expect.any(String));
        const sentence = zhSentence(String(messageKey));
        expect(sentence, `${String(messageKey)} has no zh sentence`).toBeDefined();
        expect(sentence).toMatch(/[\u4e00-\u9fff]/);
        expect(sentence, sentence).not.toMatch(ENGLISH);
        for (const [, param] of sentence!.matchAll(/\{\{(\w+)\}\}/g))
          expect(error.detail, `${String(messageKey)} needs ${param}`).toHaveProperty(param!);
      }
      expect(new Set(failures.map((e) => e.detail?.messageKey)).size).toBeGreaterThanOrEqual(12);
    } finally {
      await silent.close();
    }
  });
});
