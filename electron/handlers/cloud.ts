import type { cloudCalls, CloudRegisterResult } from '../../shared/api/cloud';
import { computeCredentials, listClouds } from '../../shared/cloud';
import { checkCredentials } from '../../shared/cloud/check';
import { aliyunConnwlConnect } from '../../shared/cloud/aliyun-dynreg';
import { AppError } from '../../shared/errors';
import { generateScript } from '../../shared/scriptgen';
import { createAliyunAuthFetch } from '../cloud/emulator-aliyun-http';
import type { CloudEmulatorService } from '../cloud/emulator-service';
import { registerAliyunHttps, registerAliyunMqtt, type FetchLike } from '../cloud/register-client';
import type { DomainHandlers } from '../ipc/types';

interface CloudHandlerDeps {
  emulators: CloudEmulatorService;
  now?: () => number;
  /** fetch for HTTPS registration (defaults to globalThis.fetch). */
  fetch?: FetchLike;
}

const randomDigits = (): string => String(Math.floor(Math.random() * 1e9));

export const createCloudHandlers = (deps: CloudHandlerDeps): DomainHandlers<keyof typeof cloudCalls> => {
  const now = deps.now ?? Date.now;
  return {
    cloudList: () => listClouds(),
    cloudCompute: ({ cloud, fields }) => computeCredentials(cloud, fields, now()),
    cloudCheck: ({ cloud, ...input }) => checkCredentials(cloud, input, now()),
    cloudGenerateScript: ({ cloud, fields, options, endpoint }) => {
      const computed = computeCredentials(cloud, fields, now());
      const credentials = endpoint ? { ...computed, ...endpoint } : computed;
      return { fileName: 'main.py', script: generateScript(cloud, credentials, { ...options, fields }), credentials };
    },
    cloudRegister: async (req) => {
      const input = {
        productKey: req.productKey,
        productSecret: req.productSecret,
        deviceName: req.deviceName,
        random: randomDigits(),
        ...(req.signMethod ? { signMethod: req.signMethod } : {}),
        ...(req.regionId ? { regionId: req.regionId } : {}),
        ...(req.instanceId ? { instanceId: req.instanceId } : {}),
      };
      const emulated = req.useEmulator ? deps.emulators.aliyunDevice : undefined;
      if (req.useEmulator && !emulated)
        throw new AppError('NOT_FOUND', 'Start the Aliyun emulator first, or register against the cloud.', {
          messageKey: 'aliyunRegister.emulatorOff',
        });
      const broker = deps.emulators.status().broker;
      const local = emulated && broker?.port !== undefined ? { host: '127.0.0.1', port: broker.port, tls: false } : {};
      const withSecret = (deviceSecret: string): CloudRegisterResult => {
        const c = computeCredentials(
          'aliyun',
          {
            productKey: req.productKey,
            deviceName: req.deviceName,
            deviceSecret,
            ...(req.regionId ? { regionId: req.regionId } : {}),
            ...(req.instanceId ? { instanceId: req.instanceId } : {}),
          },
          now(),
        );
        return {
          productKey: req.productKey,
          deviceName: req.deviceName,
          deviceSecret,
          credentials: {
            host: c.host,
            port: c.port,
            tls: c.tls,
            clientId: c.clientId,
            username: c.username,
            password: c.password,
          },
        };
      };
      if (req.transport === 'https') {
        if (req.mode === 'regnwl')
          throw new AppError('BAD_REQUEST', 'Registration without pre-registration (regnwl) is MQTT only.', {
            messageKey: 'aliyunRegister.regnwlMqttOnly',
          });
        const fetch = emulated ? createAliyunAuthFetch(emulated) : deps.fetch;
        const got = await registerAliyunHttps(input, fetch ? { fetch } : {});
        return withSecret(got.deviceSecret);
      }
      const got = await registerAliyunMqtt(req.mode, input, local);
      if (got.kind === 'register') return withSecret(got.deviceSecret);
      const conn = aliyunConnwlConnect(got);
      const c = computeCredentials(
        'aliyun',
        {
          productKey: req.productKey,
          deviceName: req.deviceName,
          deviceSecret: 'unused',
          ...(req.instanceId ? { instanceId: req.instanceId } : {}),
        },
        now(),
      );
      return {
        productKey: got.productKey,
        deviceName: got.deviceName,
        clientId: got.clientId,
        deviceToken: got.deviceToken,
        credentials: { host: c.host, port: 1883, tls: false, ...conn },
      };
    },
    cloudEmulatorStart: (req) =>
      deps.emulators.start({
        cloud: req.cloud,
        ...(req.spec ? { spec: req.spec } : {}),
        ...(req.fields ? { fields: req.fields } : {}),
        ...(req.productSecret ? { productSecret: req.productSecret } : {}),
        ...(req.checkTimestamp ? { checkTimestamp: true } : {}),
        ...(req.port !== undefined ? { port: req.port } : {}),
      }),
    cloudEmulatorStop: () => deps.emulators.stop(),
    cloudEmulatorStatus: () => deps.emulators.status(),
    cloudEmulatorDownlink: ({ name, ...args }) => deps.emulators.downlink(name, args),
  };
};
