import { afterEach, describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { installCloudEmulator, type CloudEmulator } from '../../electron/cloud/emulator';
import { connect, refusalCode, startBroker, subscribeCode, waitClosed, type TestBroker } from './helpers';

// The seed's device (000/002): product 469948, device Chic_D; the key contains '+' and '/'.
const device = { productId: '469948', deviceName: 'Chic_D', accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=' };
const productKey = 'kKsubaG7FzMgzR6N3eUD53319Qu+K4MCvw6KzOYc5eI=';
let now = Date.UTC(2025, 0, 1);
let broker: TestBroker;
let emulator: CloudEmulator;
const start = async (withProductKey = false) => {
  broker = await startBroker((aedes) => {
    emulator = installCloudEmulator(aedes, {
      cloud: 'onenet',
      device: { ...device, ...(withProductKey ? { productAccessKey: productKey } : {}) },
      clock: () => now,
    });
  });
};
afterEach(async () => {
  now = Date.UTC(2025, 0, 1);
  await broker?.close();
});

const wizard = (o: Record<string, string> = {}) => computeCredentials('onenet', { ...device, ...o }, now);
const opts = (c: { clientId: string; username: string; password: string }) => ({
  clientId: c.clientId,
  username: c.username,
  password: c.password,
  keepalive: 30,
});

describe('OneNET emulator', () => {
  it('accepts the wizard token for md5, sha1, sha256 and a product-level token when enabled', async () => {
    await start(true);
    for (const method of ['md5', 'sha1', 'sha256'])
      expect(await refusalCode(broker.port, opts(wizard({ method })))).toBe(0);
    expect(await refusalCode(broker.port, opts(wizard({ level: 'product', accessKey: productKey })))).toBe(0);
  });

  it('refuses the seed token today (et 1673053248 is in 2023) with 4, and accepts it on a clock before its expiry', async () => {
    await start();
    const seed = {
      clientId: 'Chic_D',
      username: '469948',
      password:
        'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D',
    };
    expect(await refusalCode(broker.port, opts(seed))).toBe(4);
    now = Date.UTC(2022, 11, 1);
    expect(await refusalCode(broker.port, opts(seed))).toBe(0);
  });

  it('refuses a changed character of the signature, a wrong product, a product token when not enabled', async () => {
    await start();
    const c = wizard();
    const i = c.password.indexOf('sign=') + 6;
    const flipped = c.password.slice(0, i) + (c.password[i] === 'A' ? 'B' : 'A') + c.password.slice(i + 1);
    expect(await refusalCode(broker.port, opts({ ...c, password: flipped }))).toBe(4);
    expect(await refusalCode(broker.port, opts({ ...c, username: '469949' }))).toBe(4);
    expect(await refusalCode(broker.port, opts({ ...c, clientId: 'Chic_E' }))).toBe(2);
    expect(await refusalCode(broker.port, opts(wizard({ level: 'product', accessKey: productKey })))).toBe(4);
    expect(await refusalCode(broker.port, { ...opts(c), clean: false })).toBe(2);
  });

  it('answers data points on accepted / rejected', async () => {
    await start();
    const dev = await connect(broker.port, opts(wizard()));
    expect(await subscribeCode(dev.client, '$sys/469948/Chic_D/dp/post/json/+')).toBe(0);
    await dev.client.publishAsync('$sys/469948/Chic_D/dp/post/json', '{"id":123,"dp":{"temperature":[{"v":30}]}}', {
      qos: 1,
    });
    expect(await dev.next('$sys/469948/Chic_D/dp/post/json/accepted')).toEqual({
      topic: '$sys/469948/Chic_D/dp/post/json/accepted',
      payload: '{"id":123}',
    });
    await dev.client.publishAsync('$sys/469948/Chic_D/dp/post/json', '{"dp":');
    expect(JSON.parse((await dev.next('$sys/469948/Chic_D/dp/post/json/rejected')).payload)).toEqual({
      id: -1,
      err_code: 98,
      err_msg: 'Illegal Data',
    });
    await dev.client.endAsync();
  });

  it('sends a command, accepts one answer and rejects a repeated one (113)', async () => {
    await start();
    const dev = await connect(broker.port, opts(wizard()));
    await dev.client.subscribeAsync('$sys/469948/Chic_D/cmd/#');
    const cmd = await emulator.downlink('cmd.request', { payload: '{"switch":1}' });
    const got = await dev.next('$sys/469948/Chic_D/cmd/request/');
    expect(got).toEqual(cmd);
    const cmdId = got.topic.split('/').at(-1)!;
    await dev.client.publishAsync(`$sys/469948/Chic_D/cmd/response/${cmdId}`, 'ok');
    expect((await dev.next(`$sys/469948/Chic_D/cmd/response/${cmdId}/`)).topic).toMatch(/\/accepted$/);
    await dev.client.publishAsync(`$sys/469948/Chic_D/cmd/response/${cmdId}`, 'again');
    const rejected = await dev.next(`$sys/469948/Chic_D/cmd/response/${cmdId}/`);
    expect(rejected.topic).toMatch(/\/rejected$/);
    expect(JSON.parse(rejected.payload)).toMatchObject({ err_code: 113 });
    await dev.client.endAsync();
  });

  it('answers thing-model property posts and sends property/set', async () => {
    await start();
    const dev = await connect(broker.port, opts(wizard()));
    await dev.client.subscribeAsync('$sys/469948/Chic_D/thing/property/post/reply');
    await dev.client.subscribeAsync('$sys/469948/Chic_D/thing/property/set');
    await dev.client.publishAsync(
      '$sys/469948/Chic_D/thing/property/post',
      '{"id":"7","version":"1.0","params":{"temperature":{"value":23.5}}}',
    );
    expect(JSON.parse((await dev.next('$sys/469948/Chic_D/thing/property/post/reply')).payload)).toEqual({
      id: '7',
      code: 200,
      msg: 'success',
    });
    await emulator.downlink('thing.property.set', { params: { switch: true } });
    expect(JSON.parse((await dev.next('$sys/469948/Chic_D/thing/property/set')).payload)).toMatchObject({
      version: '1.0',
      params: { switch: true },
    });
    await dev.client.endAsync();
  });

  it('refuses wildcard subscriptions above the fifth level and drops the device on an illegal publish', async () => {
    await start();
    const dev = await connect(broker.port, opts(wizard()));
    expect(await subscribeCode(dev.client, '$sys/469948/Chic_D/#')).toBe(128);
    expect(await subscribeCode(dev.client, '$sys/469948/Other/cmd/#')).toBe(128);
    expect(await subscribeCode(dev.client, '$sys/469948/Chic_D/cmd/#')).toBe(0);
    dev.client.publish('$sys/469948/Chic_D/dp/post/json/accepted', '{}');
    await waitClosed(dev.client);
    dev.client.end(true);
  });
});
