import { afterEach, describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { installCloudEmulator, type CloudEmulator } from '../../electron/cloud/emulator';
import { connect, refusalCode, startBroker, subscribeCode, type TestBroker } from './helpers';

const device = { deviceId: '5fbbb784b4ec2202e982e643_868540050954037', secret: 'Ab12345678cd' };
const NOW = Date.UTC(2025, 3, 14, 1, 30);
let broker: TestBroker;
let emulator: CloudEmulator;
const start = async (checkTimestamp = false) => {
  broker = await startBroker((aedes) => {
    emulator = installCloudEmulator(aedes, { cloud: 'huawei', device, checkTimestamp, clock: () => NOW });
  });
};
afterEach(async () => broker?.close());

const wizard = (o: Record<string, string> = {}) => computeCredentials('huawei', { ...device, ...o }, NOW);
const opts = (c: { clientId: string; username: string; password: string }, keepalive = 120) => ({
  clientId: c.clientId,
  username: c.username,
  password: c.password,
  keepalive,
});

describe('Huawei IoTDA emulator', () => {
  it('accepts the wizard output (type 0 and type 1) and type 0 with an old timestamp', async () => {
    await start();
    expect(wizard().clientId).toBe(`${device.deviceId}_0_0_2025041401`);
    expect(await refusalCode(broker.port, opts(wizard()))).toBe(0);
    expect(await refusalCode(broker.port, opts(wizard({ checkTimestamp: '1' })))).toBe(0);
    expect(await refusalCode(broker.port, opts(wizard({ timestamp: '2021011909' })))).toBe(0);
  });

  it('refuses a stale timestamp with type 1, or with any type when --check-timestamp is on (4)', async () => {
    await start();
    expect(await refusalCode(broker.port, opts(wizard({ timestamp: '2021011909', checkTimestamp: '1' })))).toBe(4);
    await broker.close();
    await start(true);
    expect(await refusalCode(broker.port, opts(wizard({ timestamp: '2021011909' })))).toBe(4);
    expect(await refusalCode(broker.port, opts(wizard()))).toBe(0);
  });

  it('refuses a changed password character (4), a malformed clientId (2), keepalive out of range (2)', async () => {
    await start();
    const c = wizard();
    const flipped = c.password.slice(0, -1) + (c.password.endsWith('a') ? 'b' : 'a');
    expect(await refusalCode(broker.port, opts({ ...c, password: flipped }))).toBe(4);
    expect(await refusalCode(broker.port, opts({ ...c, clientId: device.deviceId }))).toBe(2);
    expect(await refusalCode(broker.port, opts({ ...c, clientId: c.clientId.replace('_0_0_', '_0_2_') }))).toBe(2);
    expect(await refusalCode(broker.port, opts(c, 10))).toBe(2);
  });

  it('records property reports, delivers commands, and keeps the device to its own topics', async () => {
    await start();
    const dev = await connect(broker.port, opts(wizard()));
    expect(await subscribeCode(dev.client, `$oc/devices/${device.deviceId}/sys/commands/#`)).toBe(0);
    expect(await subscribeCode(dev.client, '$oc/devices/other/sys/commands/#')).toBe(128);
    await dev.client.publishAsync(
      `$oc/devices/${device.deviceId}/sys/properties/report`,
      '{"services":[{"service_id":"s","properties":{"t":1}}]}',
    );
    const cmd = await emulator.downlink('commands.request', {
      serviceId: 'WaterMeter',
      commandName: 'ON_OFF',
      params: { value: 'ON' },
    });
    const got = await dev.next(`$oc/devices/${device.deviceId}/sys/commands/request_id=`);
    expect(got).toEqual(cmd);
    expect(JSON.parse(got.payload)).toMatchObject({
      service_id: 'WaterMeter',
      command_name: 'ON_OFF',
      paras: { value: 'ON' },
    });
    expect(emulator.status().events.some((e) => e.kind === 'uplink' && e.topic?.endsWith('/properties/report'))).toBe(
      true,
    );
    await dev.client.endAsync();
  });
});
