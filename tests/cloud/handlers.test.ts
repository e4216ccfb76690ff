import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudCalls } from '../../shared/api/cloud';
import type { EmulatorEvent } from '../../shared/cloud/types';
import { AppError } from '../../shared/errors';
import { BrokerService } from '../../electron/broker/broker-service';
import { CloudEmulatorService } from '../../electron/cloud/emulator-service';
import { createCloudHandlers } from '../../electron/handlers/cloud';
import { connect, refusalCode } from './helpers';

const ctx = { shell: 'web' as const, clientId: 'test' };
let dir: string;
let broker: BrokerService;
let events: EmulatorEvent[];
let handlers: ReturnType<typeof createCloudHandlers>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qpy-cloud-'));
  broker = new BrokerService({ dataDir: dir, port: 0 });
  events = [];
  handlers = createCloudHandlers({ emulators: new CloudEmulatorService(broker, (e) => events.push(e)) });
});
afterEach(async () => {
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

const parse = <K extends keyof typeof cloudCalls>(name: K, req: unknown) =>
  cloudCalls[name].request.parse(req) as never;

describe('cloud handlers', () => {
  it('lists the clouds with their fields and marks the emulated ones', async () => {
    const list = await handlers.cloudList(parse('cloudList', {}), ctx);
    expect(list.map((c) => c.id)).toEqual([
      'aliyun',
      'onenet',
      'huawei',
      'tencent',
      'azure',
      'aws',
      'thingsboard',
      'generic',
    ]);
    expect(list.find((c) => c.id === 'onenet')).toMatchObject({ emulated: true, nameZh: '中国移动 OneNET' });
    expect(list.find((c) => c.id === 'aliyun')!.fields.map((f) => f.id)).toContain('deviceSecret');
  });

  it('computes credentials and refuses bad input with INVALID_CREDENTIALS naming the field', async () => {
    const c = await handlers.cloudCompute(
      parse('cloudCompute', {
        cloud: 'onenet',
        fields: {
          productId: '469948',
          deviceName: 'Chic_D',
          accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
        },
      }),
      ctx,
    );
    expect(c).toMatchObject({ host: 'mqtts.heclouds.com', port: 1883, clientId: 'Chic_D', username: '469948' });
    const bad = () =>
      handlers.cloudCompute(
        parse('cloudCompute', {
          cloud: 'onenet',
          fields: { productId: '469948', deviceName: 'Chic_D', accessKey: 'not base64!' },
        }),
        ctx,
      );
    expect(bad).toThrow(AppError);
    expect(bad).toThrow('access_key must be base64');
  });

  it('checks pasted credentials, and the schema refuses a cloud it cannot check', async () => {
    const r = await handlers.cloudCheck(
      parse('cloudCheck', {
        cloud: 'huawei',
        clientId: 'demo_node1_0_0_2025041401',
        username: 'demo_node1',
        password: 'c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a',
        secret: '12345678',
      }),
      ctx,
    );
    expect(r).toMatchObject({ cloud: 'huawei', signature: 'valid', problems: [] });
    expect(() => parse('cloudCheck', { cloud: 'aws', clientId: 'a', username: 'b', password: 'c' })).toThrow();
  });

  it('generates a script with the computed credentials', async () => {
    const r = await handlers.cloudGenerateScript(
      parse('cloudGenerateScript', {
        cloud: 'huawei',
        fields: { deviceId: 'p_dev1', secret: 'abcdefgh12' },
        options: { intervalS: 30 },
      }),
      ctx,
    );
    expect(r.fileName).toBe('main.py');
    expect(r.script).toContain(`PASSWORD = '${r.credentials.password}'`);
  });

  it('starts the emulator from wizard fields, accepts the wizard output, sends a downlink, stops', async () => {
    const fields = {
      productId: '469948',
      deviceName: 'Chic_D',
      accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
    };
    const status = await handlers.cloudEmulatorStart(parse('cloudEmulatorStart', { cloud: 'onenet', fields }), ctx);
    expect(status).toMatchObject({ running: true, cloud: 'onenet', device: '469948/Chic_D' });
    expect(broker.status().emulator).toBe('onenet emulator');
    const port = status.broker!.port!;
    const c = await handlers.cloudCompute(parse('cloudCompute', { cloud: 'onenet', fields }), ctx);
    const dev = await connect(port, {
      clientId: c.clientId,
      username: c.username,
      password: c.password,
      keepalive: 60,
    });
    await dev.client.subscribeAsync('$sys/469948/Chic_D/cmd/request/+');
    const sent = await handlers.cloudEmulatorDownlink(
      parse('cloudEmulatorDownlink', { name: 'cmd.request', payload: 'on' }),
      ctx,
    );
    expect(await dev.next('$sys/469948/Chic_D/cmd/request/')).toEqual(sent);
    await dev.client.endAsync();
    expect(events.some((e) => e.kind === 'connect.accepted')).toBe(true);
    const stopped = await handlers.cloudEmulatorStop(parse('cloudEmulatorStop', {}), ctx);
    expect(stopped.running).toBe(false);
    expect(broker.status().emulator).toBeUndefined();
    expect(() => handlers.cloudEmulatorDownlink(parse('cloudEmulatorDownlink', { name: 'cmd.request' }), ctx)).toThrow(
      /No cloud emulator/,
    );
  });

  it('registers against the Aliyun emulator over HTTPS and MQTT and the results connect', async () => {
    const status = await handlers.cloudEmulatorStart(
      parse('cloudEmulatorStart', {
        cloud: 'aliyun',
        fields: { productKey: 'a1llZotKkCm', deviceName: 'Chic_003' },
        productSecret: 'mj7qKfEn73y07gyK',
      }),
      ctx,
    );
    const port = status.broker!.port!;
    const base = {
      cloud: 'aliyun',
      productKey: 'a1llZotKkCm',
      productSecret: 'mj7qKfEn73y07gyK',
      deviceName: 'Chic_003',
      useEmulator: true,
    };
    const https = await handlers.cloudRegister(parse('cloudRegister', { ...base, transport: 'https' }), ctx);
    expect(https.deviceSecret).toBeTruthy();
    expect(
      await refusalCode(port, {
        clientId: https.credentials.clientId,
        username: https.credentials.username,
        password: https.credentials.password,
        keepalive: 300,
      }),
    ).toBe(0);
    const mqttReg = await handlers.cloudRegister(parse('cloudRegister', { ...base, transport: 'mqtt' }), ctx);
    expect(mqttReg.deviceSecret).toBe(https.deviceSecret);
    const nwl = await handlers.cloudRegister(
      parse('cloudRegister', { ...base, transport: 'mqtt', mode: 'regnwl' }),
      ctx,
    );
    expect(nwl.deviceToken).toBeTruthy();
    expect(
      await refusalCode(port, {
        clientId: nwl.credentials.clientId,
        username: nwl.credentials.username,
        password: nwl.credentials.password,
        keepalive: 60,
      }),
    ).toBe(0);
  });
});
