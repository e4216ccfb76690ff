import { afterEach, describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { aliyunConnwlConnect, aliyunRegisterConnect, parseAliyunRegisterReply } from '../../shared/cloud/aliyun-dynreg';
import { installCloudEmulator, type CloudEmulator } from '../../electron/cloud/emulator';
import { connect, refusalCode, startBroker, subscribeCode, waitClosed, type TestBroker } from './helpers';

const device = { productKey: 'a1llZotKkCm', deviceName: 'Chic_001', deviceSecret: 'q6Sv0BbHkNhRk3gY2mPtK1xDJ4c8ZuLo' };
const NOW = Date.UTC(2025, 5, 1, 8, 0, 0);

let broker: TestBroker;
let emulator: CloudEmulator;
const start = async (extra: Partial<typeof device> & { productSecret?: string } = {}) => {
  broker = await startBroker((aedes) => {
    emulator = installCloudEmulator(aedes, { cloud: 'aliyun', device: { ...device, ...extra }, clock: () => NOW });
  });
};
afterEach(async () => broker?.close());

const wizard = (overrides: Record<string, string> = {}) =>
  computeCredentials(
    'aliyun',
    { ...device, clientId: 'imei868540050954037', secureMode: '3', signMethod: 'hmacsha1', ...overrides },
    NOW,
  );

const opts = (c: { clientId: string; username: string; password: string }, keepalive = 300) => ({
  clientId: c.clientId,
  username: c.username,
  password: c.password,
  keepalive,
});

describe('Aliyun emulator', () => {
  it('accepts the wizard output for every sign method, with and without timestamp', async () => {
    await start();
    for (const signMethod of ['hmacmd5', 'hmacsha1', 'hmacsha256']) {
      for (const timestamp of [undefined, '1717228800000']) {
        const c = wizard({ signMethod, ...(timestamp ? { timestamp } : {}) });
        expect(await refusalCode(broker.port, opts(c))).toBe(0);
      }
    }
  });

  it('refuses one changed character of the password with 5 (auth failed), as Link SDK reports', async () => {
    await start();
    const c = wizard();
    const last = c.password.at(-1) === '0' ? '1' : '0';
    expect(await refusalCode(broker.port, opts({ ...c, password: c.password.slice(0, -1) + last }))).toBe(5);
    expect(emulator.status().events.at(-1)).toMatchObject({ kind: 'connect.refused', returnCode: 5 });
    expect(JSON.stringify(emulator.status().events)).not.toContain(c.password);
  });

  it('refuses a malformed clientId with 2, a bad username with 4, keepalive outside 30–1200 with 2', async () => {
    await start();
    const c = wizard();
    expect(await refusalCode(broker.port, opts({ ...c, clientId: 'imei868540050954037' }))).toBe(2);
    expect(
      await refusalCode(broker.port, opts({ ...c, clientId: c.clientId.replace('securemode=3', 'securemode=9') })),
    ).toBe(2);
    expect(await refusalCode(broker.port, opts({ ...c, username: 'Chic_001' }))).toBe(4);
    expect(await refusalCode(broker.port, opts({ ...c, username: 'Other&a1llZotKkCm' }))).toBe(5);
    expect(await refusalCode(broker.port, opts(c, 10))).toBe(2);
    expect(await refusalCode(broker.port, opts(c, 1300))).toBe(2);
  });

  it('answers a property post on post_reply with code 200 and the same id; bad params get 460', async () => {
    await start();
    const c = wizard();
    const dev = await connect(broker.port, opts(c));
    const post = c.topics.find((t) => t.name === 'property.post')!.topic;
    expect(await subscribeCode(dev.client, `${post}_reply`)).toBe(0);
    await dev.client.publishAsync(
      post,
      JSON.stringify({ id: '42', version: '1.0', params: { temperature: 23.5 }, method: 'thing.event.property.post' }),
    );
    const reply = JSON.parse((await dev.next(`${post}_reply`)).payload);
    expect(reply).toMatchObject({ code: 200, id: '42', message: 'success', method: 'thing.event.property.post' });
    await dev.client.publishAsync(post, 'not json');
    expect(JSON.parse((await dev.next(`${post}_reply`)).payload)).toMatchObject({ code: 460 });
    await dev.client.endAsync();
  });

  it('delivers a property set downlink to the device and answers NTP', async () => {
    await start();
    const c = wizard();
    const dev = await connect(broker.port, opts(c));
    await dev.client.subscribeAsync(`/sys/${device.productKey}/${device.deviceName}/thing/service/property/set`);
    await dev.client.subscribeAsync(`/ext/ntp/${device.productKey}/${device.deviceName}/response`);
    const sent = await emulator.downlink('property.set', { params: { LightSwitch: 1 } });
    const got = await dev.next(sent.topic);
    expect(JSON.parse(got.payload)).toMatchObject({ params: { LightSwitch: 1 }, method: 'thing.service.property.set' });
    await dev.client.publishAsync(
      `/ext/ntp/${device.productKey}/${device.deviceName}/request`,
      '{"deviceSendTime":"1000"}',
    );
    expect(JSON.parse((await dev.next('/ext/ntp/')).payload)).toEqual({
      deviceSendTime: '1000',
      serverRecvTime: String(NOW),
      serverSendTime: String(NOW),
    });
    await dev.client.endAsync();
  });

  it('denies subscribing to another device and drops the connection on publishing outside the device topics', async () => {
    await start();
    const dev = await connect(broker.port, opts(wizard()));
    expect(await subscribeCode(dev.client, `/sys/${device.productKey}/Other/thing/service/property/set`)).toBe(128);
    expect(await subscribeCode(dev.client, `/${device.productKey}/${device.deviceName}/user/get`)).toBe(0);
    expect(await subscribeCode(dev.client, '#')).toBe(128);
    await dev.client.publishAsync(`/${device.productKey}/${device.deviceName}/user/update`, 'hello');
    dev.client.publish('/sys/a1llZotKkCm/Other/thing/event/property/post', '{}');
    await waitClosed(dev.client);
    expect(emulator.status().events.some((e) => e.kind === 'publish.denied')).toBe(true);
    dev.client.end(true);
  });

  it('registers a device over MQTT (authType=register) and the returned DeviceSecret connects', async () => {
    await start({ deviceSecret: undefined as never, productSecret: 'mj7qKfEn73y07gyK' });
    const reg = aliyunRegisterConnect('register', {
      productKey: device.productKey,
      productSecret: 'mj7qKfEn73y07gyK',
      deviceName: device.deviceName,
      random: '8731',
    });
    const dev = await connect(broker.port, {
      clientId: reg.clientId,
      username: reg.username,
      password: reg.password,
      keepalive: 60,
    });
    const reply = parseAliyunRegisterReply(reg.replyTopic, (await dev.next(reg.replyTopic)).payload);
    await dev.client.endAsync();
    expect(reply.kind).toBe('register');
    const secret = reply.kind === 'register' ? reply.deviceSecret : '';
    const c = computeCredentials('aliyun', { ...device, deviceSecret: secret, secureMode: '3' }, NOW);
    expect(await refusalCode(broker.port, opts(c))).toBe(0);
    const wrong = aliyunRegisterConnect('register', {
      productKey: device.productKey,
      productSecret: 'wrongwrongwrong1',
      deviceName: device.deviceName,
      random: '8731',
    });
    expect(
      await refusalCode(broker.port, { clientId: wrong.clientId, username: wrong.username, password: wrong.password }),
    ).toBe(4);
  });

  it('registers without pre-registration (regnwl) and connects with the token (connwl)', async () => {
    await start({ productSecret: 'mj7qKfEn73y07gyK' });
    const reg = aliyunRegisterConnect('regnwl', {
      productKey: device.productKey,
      productSecret: 'mj7qKfEn73y07gyK',
      deviceName: device.deviceName,
      random: 'abc',
      instanceId: 'iot-06z00abc',
    });
    expect(reg.host).toBe('iot-06z00abc.mqtt.iothub.aliyuncs.com');
    const dev = await connect(broker.port, { clientId: reg.clientId, username: reg.username, password: reg.password });
    const reply = parseAliyunRegisterReply(reg.replyTopic, (await dev.next(reg.replyTopic)).payload);
    await dev.client.endAsync();
    if (reply.kind !== 'regnwl') throw new Error('expected a regnwl reply');
    const conn = aliyunConnwlConnect(reply);
    expect(conn.clientId).toBe(`${device.deviceName}|securemode=-2,authType=connwl|`);
    expect(await refusalCode(broker.port, { ...conn, keepalive: 60 })).toBe(0);
    // The token is random: its first character is changed to one it is not (a token starting with "x" once made
    // this "wrong" password the right one).
    const wrongFirst = conn.password.startsWith('x') ? 'y' : 'x';
    expect(await refusalCode(broker.port, { ...conn, password: wrongFirst + conn.password.slice(1) })).toBe(5);
  });
});
