import { afterEach, describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { installCloudEmulator, type CloudEmulator } from '../../electron/cloud/emulator';
import { connect, refusalCode, startBroker, type TestBroker } from './helpers';

const device = { deviceId: '5fbbb784b4ec2202e982e643_guard', secret: 'Ab12345678cd' };
const NOW = Date.UTC(2025, 5, 1, 8, 0, 0);

let broker: TestBroker | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

describe('cloud emulator handlers are guarded', () => {
  it('a handler that throws refuses the connect or drops the uplink, records why, and the broker goes on', async () => {
    let explode = false;
    const clock = () => {
      if (explode) throw new Error('clock failed');
      return NOW;
    };
    let emulator: CloudEmulator | undefined;
    broker = await startBroker((aedes) => {
      emulator = installCloudEmulator(aedes, { cloud: 'huawei', device, clock });
    });
    const c = computeCredentials('huawei', device, NOW);
    const opts = { clientId: c.clientId, username: c.username, password: c.password, keepalive: 60 };

    explode = true;
    expect(await refusalCode(broker.port, opts)).toBe(5);
    expect(emulator!.status().events.at(-1)).toMatchObject({
      kind: 'connect.refused',
      returnCode: 5,
      reason: expect.stringContaining('emulator error: clock failed'),
    });
    explode = false;

    const dev = await connect(broker.port, opts);
    const up = `$oc/devices/${device.deviceId}/sys/events/up`;
    const down = `$oc/devices/${device.deviceId}/sys/events/down`;
    await dev.client.subscribeAsync(down);
    const sync = (sent: number) =>
      JSON.stringify({
        services: [{ service_id: '$time_sync', event_type: 'time_sync_request', paras: { device_send_time: sent } }],
      });
    explode = true;
    await dev.client.publishAsync(up, sync(1), { qos: 1 });
    explode = false;
    await dev.client.publishAsync(up, sync(2), { qos: 1 });
    const reply = JSON.parse((await dev.next(down)).payload);
    expect(reply.services[0].paras.device_send_time).toBe(2);
    expect(dev.messages.filter((m) => m.topic === down)).toHaveLength(0);
    expect(emulator!.status().events.some((e) => e.reason?.includes('the message is dropped'))).toBe(true);
    await dev.client.endAsync();
  });
});
