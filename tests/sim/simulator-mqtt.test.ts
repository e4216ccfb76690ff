import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../electron/sim';
import { startAedes, startMosquitto, type TestBroker } from './brokers';
import { bytes, Collector } from './helpers';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const subscriber = async (port: number, topic: string) => {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: `test-${Date.now()}` });
  cleanups.push(() => client.endAsync());
  const messages: { topic: string; payload: string }[] = [];
  const waiters: (() => void)[] = [];
  client.on('message', (t, p) => {
    messages.push({ topic: t, payload: p.toString() });
    waiters.splice(0).forEach((w) => w());
  });
  await client.subscribeAsync(topic);
  const next = async (): Promise<{ topic: string; payload: string }> => {
    while (messages.length === 0) await new Promise<void>((r) => waiters.push(r));
    return messages.shift() as { topic: string; payload: string };
  };
  return { client, next };
};

const moduleWith = (
  broker: TestBroker,
  files: Record<string, string>,
): { sim: Simulator; out: Collector; seen: string[] } => {
  const seen: string[] = [];
  const sim = createSimulator({
    files,
    networkRedirect: (host, port) => {
      seen.push(`${host}:${port}`);
      return { host: '127.0.0.1', port: broker.port };
    },
  });
  cleanups.push(() => sim.close());
  return { sim, out: new Collector(sim), seen };
};

describe('umqtt on the simulated module', () => {
  it('runs the OneNET seed sample against aedes: publishes, subscribes, blocks in wait_msg', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const sub = await subscriber(broker.port, '$sys/469948/Chic_D/dp/post/json');
    const { out, seen } = moduleWith(broker, { '/usr/main.py': fixture('onenet_umqtt.py') });
    await out.until('connected\r\n', 10_000);
    const uplink = await sub.next();
    expect(uplink.payload).toContain('"temperatrue"');
    expect(seen).toEqual(['mqtts.heclouds.com:1883']);
    // wait_msg() blocks until the downlink arrives
    expect(out.text).not.toContain('>>> ');
    await sub.client.publishAsync('$sys/469948/Chic_D/dp/post/json/accepted', 'hello module');
    expect(await out.until('\r\n')).toBe(
      'Subscribe Recv: Topic=$sys/469948/Chic_D/dp/post/json/accepted,Msg=hello module\r\n',
    );
    await out.until('>>> ', 5000);
  });

  it('runs the Huawei seed sample against mosquitto', async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.close());
    const device = '5fbbb784b4ec2202e982e643_868540050954037';
    const sub = await subscriber(broker.port, `$oc/devices/${device}/sys/properties/report`);
    const { out } = moduleWith(broker, { '/usr/main.py': fixture('huawei_umqtt.py') });
    const uplink = await sub.next();
    expect(uplink.payload).toContain('WaterMeterControl');
    await sub.client.publishAsync(`$oc/devices/${device}/sys/messages/down`, '{"cmd":1}');
    await out.until(`Subscribe Recv: Topic=$oc/devices/${device}/sys/messages/down,Msg={"cmd":1}\r\n`, 5000);
    await out.until('>>> ', 5000);
  });

  it('connects with aLiYun using Alibaba Cloud credentials and delivers downlinks to the callback', async () => {
    const aedesBroker = await startAedes();
    cleanups.push(() => aedesBroker.close());
    const { sim, out } = moduleWith(aedesBroker, {});
    await out.until('>>> ');
    const sub = await subscriber(aedesBroker.port, '/a1YoiRfLSbV/QuecPyhon_Dev/user/update');
    const script = [
      'from aLiYun import aLiYun',
      'ali = aLiYun("a1YoiRfLSbV", None, "QuecPyhon_Dev", "a86aadbbe78de7b8248adfc09e458bb9")',
      'ali.setCallback(lambda t, m: print("aliyun callback recv:", t.decode(), m.decode()))',
      'print(ali.setMqtt("Quecpython", clean_session=False, keepAlive=300, reconn=True))',
      'ali.start()',
      'print(ali.subscribe("/a1YoiRfLSbV/QuecPyhon_Dev/user/get"))',
      'print(ali.publish("/a1YoiRfLSbV/QuecPyhon_Dev/user/update", "Hello, Aliyun!"))',
      'print(ali.getAliyunSta())',
      'print(ali.client.client_id.decode(), ali.client.user, ali.client.pswd)',
    ].join('\r');
    sim.write(bytes('\x05'));
    await out.until('=== ');
    sim.write(bytes(`${script}\r\x04`));
    const result = await out.until('>>> ', 10_000);
    const lines = result.split('\r\n');
    expect(lines).toContain('0');
    expect(lines).toContain('True');
    const creds = lines.find((l) => l.startsWith('Quecpython|'));
    const [clientId = '', username = '', password = ''] = (creds ?? '').split(' ');
    const ts = /timestamp=(\d+)\|$/.exec(clientId)?.[1] ?? '';
    expect(clientId).toBe(`Quecpython|securemode=3,signmethod=hmacsha1,timestamp=${ts}|`);
    expect(username).toBe('QuecPyhon_Dev&a1YoiRfLSbV');
    const expected = createHmac('sha1', 'a86aadbbe78de7b8248adfc09e458bb9')
      .update(`clientIdQuecpythondeviceNameQuecPyhon_DevproductKeya1YoiRfLSbVtimestamp${ts}`)
      .digest('hex');
    expect(password).toBe(expected);
    expect((await sub.next()).payload).toBe('Hello, Aliyun!');
    // downlink while the REPL is idle: the background receive loop calls the callback
    await sub.client.publishAsync('/a1YoiRfLSbV/QuecPyhon_Dev/user/get', 'cloud says hi');
    await out.until('aliyun callback recv: /a1YoiRfLSbV/QuecPyhon_Dev/user/get cloud says hi\r\n', 5000);
  });

  it('aLiYun.publish returns -1 with the firmware warning once the connection dropped; start() returns None', async () => {
    const aedesBroker = await startAedes();
    let brokerOpen = true;
    cleanups.push(() => (brokerOpen ? aedesBroker.close() : Promise.resolve()));
    const { sim, out } = moduleWith(aedesBroker, {});
    await out.until('>>> ');
    const setup = [
      'from aLiYun import aLiYun',
      'import utime',
      'ali = aLiYun("a1YoiRfLSbV", None, "QuecPyhon_Dev", "a86aadbbe78de7b8248adfc09e458bb9")',
      'ali.setCallback(lambda t, m: None)',
      'print("setMqtt", ali.setMqtt("Quecpython", clean_session=False, keepAlive=300, reconn=False))',
    ].join('\r');
    sim.write(bytes('\x05'));
    await out.until('=== ');
    sim.write(bytes(`${setup}\r\x04`));
    expect(await out.until('>>> ', 10_000)).toContain('setMqtt 0\r\n');
    // the friendly REPL prints a call's result unless it is None: the firmware's start() prints nothing
    sim.write(bytes('ali.start()\r'));
    expect(await out.until('>>> ', 5000)).toBe('ali.start()\r\n>>> ');
    sim.write(bytes('print(ali.publish("/a1YoiRfLSbV/QuecPyhon_Dev/user/update", "up"), ali.getAliyunSta())\r'));
    expect(await out.until('>>> ', 5000)).toContain('\r\nTrue 0\r\n');
    await aedesBroker.close();
    brokerOpen = false;
    sim.write(bytes('\x05'));
    await out.until('=== ');
    sim.write(
      bytes(
        'while ali.getAliyunSta() == 0:\r    utime.sleep_ms(20)\r\rprint("sta", ali.getAliyunSta())\rprint("ret", ali.publish("/a1YoiRfLSbV/QuecPyhon_Dev/user/update", "lost"))\r\x04',
      ),
    );
    const text = await out.until(/ret -?\w+\r\n/, 10_000);
    expect(text).toContain('sta 2\r\n');
    expect(text).toContain('[WARNING] Publish failed. OSError : [Errno 107] ENOTCONN\r\nret -1\r\n');
  });
});
