import { afterEach, describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { aliyunHttpsRegisterRequest } from '../../shared/cloud/aliyun-dynreg';
import { installCloudEmulator } from '../../electron/cloud/emulator';
import { createAliyunAuthFetch } from '../../electron/cloud/emulator-aliyun-http';
import { registerAliyunHttps, registerAliyunMqtt } from '../../electron/cloud/register-client';
import { refusalCode, startBroker, type TestBroker } from './helpers';

const productSecret = 'mj7qKfEn73y07gyK';
const base = { productKey: 'a1llZotKkCm', productSecret, deviceName: 'Chic_002', random: '5567' };
let broker: TestBroker | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

describe('Aliyun dynamic registration clients', () => {
  it('builds the documented HTTPS form and gets a DeviceSecret from the emulator that then connects over MQTT', async () => {
    const req = aliyunHttpsRegisterRequest({ ...base, signMethod: 'hmacsha1', regionId: 'cn-shanghai' });
    expect(req.url).toBe('https://iot-auth.cn-shanghai.aliyuncs.com/auth/register/device');
    expect(new URLSearchParams(req.body).get('signMethod')).toBe('hmacsha1');
    const device = { productKey: base.productKey, deviceName: base.deviceName, productSecret };
    broker = await startBroker((aedes) => void installCloudEmulator(aedes, { cloud: 'aliyun', device }));
    const got = await registerAliyunHttps(base, { fetch: createAliyunAuthFetch(device) });
    expect(got.deviceSecret).toMatch(/^[a-z0-9]{32}$/);
    const c = computeCredentials(
      'aliyun',
      { productKey: base.productKey, deviceName: base.deviceName, deviceSecret: got.deviceSecret, secureMode: '3' },
      Date.now(),
    );
    expect(
      await refusalCode(broker.port, {
        clientId: c.clientId,
        username: c.username,
        password: c.password,
        keepalive: 60,
      }),
    ).toBe(0);
  });

  it('reports a wrong ProductSecret and an unreachable service as errors that say what to check', async () => {
    const device = { productKey: base.productKey, deviceName: base.deviceName, productSecret };
    await expect(
      registerAliyunHttps({ ...base, productSecret: 'nope' }, { fetch: createAliyunAuthFetch(device) }),
    ).rejects.toThrow(/code 401.*ProductSecret/);
    await expect(
      registerAliyunHttps(base, { fetch: async () => Promise.reject(new Error('ECONNREFUSED')) }),
    ).rejects.toThrow(/Could not reach iot-auth\.cn-shanghai\.aliyuncs\.com/);
  });

  it('registers over MQTT against the emulator (register and regnwl)', async () => {
    const device = { productKey: base.productKey, deviceName: base.deviceName, productSecret };
    broker = await startBroker((aedes) => void installCloudEmulator(aedes, { cloud: 'aliyun', device }));
    const reg = await registerAliyunMqtt('register', base, { host: '127.0.0.1', port: broker.port, tls: false });
    expect(reg).toMatchObject({ kind: 'register', productKey: base.productKey, deviceName: base.deviceName });
    const nwl = await registerAliyunMqtt('regnwl', base, { host: '127.0.0.1', port: broker.port, tls: false });
    expect(nwl).toMatchObject({ kind: 'regnwl', clientId: base.deviceName });
    await expect(
      registerAliyunMqtt(
        'register',
        { ...base, productSecret: 'bad' },
        { host: '127.0.0.1', port: broker.port, tls: false },
      ),
    ).rejects.toThrow(/CONNACK 4/);
  });
});
