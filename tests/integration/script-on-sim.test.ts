import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { installCloudEmulator, type CloudEmulator, type CloudEmulatorConfig } from '../../electron/cloud/emulator';
import { createSimulator, type Simulator } from '../../electron/sim';
import { computeCredentials, type CloudId, type CloudInput, type EmulatorEvent } from '../../shared/cloud';
import { generateScript, type ScriptOptions } from '../../shared/scriptgen';
import { startBroker, type TestBroker } from '../cloud/helpers';

/**
 * The whole chain a user runs: wizard fields → credentials → generated main.py → simulated module (legacy and modern
 * firmware) → the emulated cloud on aedes, with uplinks, the cloud's replies, downlinks and the script's answers,
 * a refused secret with backoff, and a reconnect after the cloud drops the device. Cases run concurrently: each
 * mostly waits on its module's timers.
 */

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

/** Everything the module printed, with waits on patterns that do not consume the text. */
class ModuleOutput {
  text = '';
  private waiters = new Set<() => void>();

  constructor(sim: Simulator) {
    sim.on('data', (bytes) => {
      this.text += Buffer.from(bytes).toString('utf8');
      for (const w of [...this.waiters]) w();
    });
  }

  /** Resolves with the first match of `pattern` at or after `from` (an index into `text`). */
  waitFor(pattern: string | RegExp, timeoutMs = 20_000, from = 0): Promise<RegExpExecArray> {
    const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const m = re.exec(this.text.slice(from));
        if (!m) return false;
        m.index += from;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(m);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`module never printed ${String(re)}; it printed:\n${this.text.slice(-3000)}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }
}

interface EmulatedCloud {
  broker: TestBroker;
  emulator: CloudEmulator;
  events: EmulatorEvent[];
  /** Resolves with the first recorded event (past or future) that matches. */
  event(match: (e: EmulatorEvent) => boolean, what: string, timeoutMs?: number): Promise<EmulatorEvent>;
}

const startCloud = async (config: CloudEmulatorConfig): Promise<EmulatedCloud> => {
  const events: EmulatorEvent[] = [];
  const waiters = new Set<() => void>();
  let emulator: CloudEmulator | undefined;
  const broker = await startBroker((aedes) => {
    emulator = installCloudEmulator(aedes, {
      ...config,
      onEvent: (e) => {
        events.push(e);
        for (const w of [...waiters]) w();
      },
    } as CloudEmulatorConfig);
  });
  cleanups.push(() => broker.close());
  return {
    broker,
    emulator: emulator!,
    events,
    event: (match, what, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = events.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the emulated cloud saw no ${what}; events: ${JSON.stringify(events.slice(-20))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
  };
};

const bootModule = (
  firmware: 'legacy' | 'modern',
  script: string,
  brokerPort: number,
): { sim: Simulator; out: ModuleOutput; dialed: string[] } => {
  const dialed: string[] = [];
  const sim = createSimulator({
    firmware,
    latencyMs: 0,
    files: { '/usr/main.py': script },
    networkRedirect: (host, port) => {
      dialed.push(`${host}:${port}`);
      return { host: '127.0.0.1', port: brokerPort };
    },
  });
  cleanups.push(() => sim.close());
  return { sim, out: new ModuleOutput(sim), dialed };
};

const scriptFor = (cloud: CloudId, fields: CloudInput, options: ScriptOptions = {}) => {
  const credentials = computeCredentials(cloud, fields, Date.now());
  return { credentials, script: generateScript(cloud, credentials, { fields, intervalS: 1, ...options }) };
};

/** The same secret with its first character changed (kept in the secret's alphabet). */
const oneCharOff = (secret: string): string => (secret[0] === 'A' ? 'B' : 'A') + secret.slice(1);

const noTraceback = (out: ModuleOutput): void => {
  expect(out.text).not.toContain('Traceback');
  expect(out.text).not.toContain('>>> ');
};

const ALIYUN = { productKey: 'a1llZotKkCm', deviceName: 'Chic_001', deviceSecret: 'q6Sv0BbHkNhRk3gY2mPtK1xDJ4c8ZuLo' };
const ONENET = { productId: '469948', deviceName: 'Chic_D', accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=' };
const HUAWEI = { deviceId: '5fbbb784b4ec2202e982e643_868540050954037', secret: 'Ab12345678cd' };
const HW_SYS = `$oc/devices/${HUAWEI.deviceId}/sys`;

const umqttRefusal = (delay: number) =>
  new RegExp(
    `\\[mqtt\\] connect failed: the server refused the connection: [^\\r\\n]+ \\[CONNACK [45]\\]; retry in ${delay} s\\r\\n`,
  );

describe.concurrent(
  'generated main.py on the simulated module against the emulated clouds',
  { timeout: 60_000 },
  () => {
    it('Aliyun, aLiYun module, modern firmware: property post and reply, property set answered with set_reply', async () => {
      const cloud = await startCloud({ cloud: 'aliyun', device: { ...ALIYUN } });
      const { credentials, script } = scriptFor('aliyun', ALIYUN);
      expect(script).toContain('from aLiYun import aLiYun');
      const { out, dialed } = bootModule('modern', script, cloud.broker.port);
      await out.waitFor('[net] network ready\r\n');
      await out.waitFor(`[aliyun] connected to ${credentials.host} as Chic_001\r\n`);
      expect(dialed[0]).toBe(`${credentials.host}:1883`);
      const post = '/sys/a1llZotKkCm/Chic_001/thing/event/property/post';
      const up = await cloud.event((e) => e.kind === 'uplink' && e.topic === post, 'property post');
      expect(JSON.parse(up.payload ?? '')).toMatchObject({ method: 'thing.event.property.post', params: {} });
      await out.waitFor(new RegExp(`\\[down\\] ${post}_reply \\{"code":200,[^\\r]*"message":"success"`));

      const sent = await cloud.emulator.downlink('property.set', { params: { temperature: 25 } });
      await out.waitFor(`[down] ${sent.topic} ${sent.payload}\r\n`);
      await out.waitFor(`[reply] ${sent.topic}_reply`);
      const id = (JSON.parse(sent.payload) as { id: string }).id;
      const answer = await cloud.event((e) => e.kind === 'uplink' && e.topic === `${sent.topic}_reply`, 'set_reply');
      expect(JSON.parse(answer.payload ?? '')).toMatchObject({ id, code: 200 });
      noTraceback(out);
    });

    it('Aliyun, umqtt with the computed password, legacy firmware: post, reply, property set', async () => {
      const fields = { ...ALIYUN, secureMode: '3' };
      const cloud = await startCloud({ cloud: 'aliyun', device: { ...ALIYUN } });
      const { credentials, script } = scriptFor('aliyun', fields, { aliyunClient: 'umqtt' });
      expect(script).toContain('from umqtt import MQTTClient');
      const { out } = bootModule('legacy', script, cloud.broker.port);
      await out.waitFor(`[mqtt] connected to ${credentials.host}:1883 as ${credentials.clientId}\r\n`);
      const post = '/sys/a1llZotKkCm/Chic_001/thing/event/property/post';
      await cloud.event((e) => e.kind === 'uplink' && e.topic === post, 'property post');
      await out.waitFor(`[up] ${post} `);
      await out.waitFor(new RegExp(`\\[down\\] ${post}_reply \\{"code":200`));

      const sent = await cloud.emulator.downlink('property.set', { params: { LightSwitch: 1 } });
      await out.waitFor(`[down] ${sent.topic} ${sent.payload}\r\n`);
      await cloud.event((e) => e.kind === 'uplink' && e.topic === `${sent.topic}_reply`, 'set_reply');
      noTraceback(out);
    });

    it('OneNET, legacy firmware: data points accepted, a command answered and its answer accepted; reconnects when dropped', async () => {
      const cloud = await startCloud({ cloud: 'onenet', device: { ...ONENET } });
      const { script } = scriptFor('onenet', ONENET);
      const { out, dialed } = bootModule('legacy', script, cloud.broker.port);
      await out.waitFor('[mqtt] connected to mqtts.heclouds.com:1883 as Chic_D\r\n');
      expect(dialed[0]).toBe('mqtts.heclouds.com:1883');
      const dp = '$sys/469948/Chic_D/dp/post/json';
      const up = await cloud.event((e) => e.kind === 'uplink' && e.topic === dp, 'data point post');
      expect(JSON.parse(up.payload ?? '')).toMatchObject({ id: 1, dp: { temperature: [{ v: 21 }] } });
      await out.waitFor(`[down] ${dp}/accepted {"id":1}\r\n`);

      const sent = await cloud.emulator.downlink('cmd.request', { params: { switch: 1 } });
      const cmdId = sent.topic.split('/').pop() ?? '';
      await out.waitFor(`[down] ${sent.topic} {"switch":1}\r\n`);
      await out.waitFor(`[reply] $sys/469948/Chic_D/cmd/response/${cmdId} {"result": "ok"}\r\n`);
      // the emulated OneNET knows the command id and accepts the answer
      await out.waitFor(`[down] $sys/469948/Chic_D/cmd/response/${cmdId}/accepted \r\n`);

      // The cloud drops the device: the script notices, backs off and comes back.
      const from = out.text.length;
      // aedes keeps its connected clients in `clients` (not in its type declarations)
      const { clients } = cloud.broker.aedes as unknown as { clients: Record<string, { close(): void }> };
      for (const client of Object.values(clients)) client.close();
      await out.waitFor(/\[mqtt\] connection lost: [^\r\n]+; reconnect in 2 s\r\n/, 20_000, from);
      await out.waitFor('[mqtt] connected to mqtts.heclouds.com:1883 as Chic_D\r\n', 20_000, from);
      await out.waitFor(`[up] ${dp} `, 20_000, from);
      noTraceback(out);
    });

    it('Huawei IoTDA over TCP, modern firmware: property report, a command answered on commands/response', async () => {
      const fields = { ...HUAWEI, tls: 'tcp' };
      const cloud = await startCloud({ cloud: 'huawei', device: { ...HUAWEI } });
      const { credentials, script } = scriptFor('huawei', fields, { huaweiServiceId: 'WaterMeter' });
      const { out } = bootModule('modern', script, cloud.broker.port);
      await out.waitFor(`[mqtt] connected to ${credentials.host}:1883 as ${credentials.clientId}\r\n`);
      const up = await cloud.event(
        (e) => e.kind === 'uplink' && e.topic === `${HW_SYS}/properties/report`,
        'property report',
      );
      expect(JSON.parse(up.payload ?? '')).toMatchObject({ services: [{ service_id: 'WaterMeter' }] });
      await out.waitFor(`[up] ${HW_SYS}/properties/report `);

      const sent = await cloud.emulator.downlink('commands.request', {
        serviceId: 'WaterMeter',
        commandName: 'OPEN_VALVE',
        params: { value: 'ON' },
      });
      const requestId = sent.topic.split('request_id=')[1] ?? '';
      await out.waitFor(`[down] ${sent.topic} ${sent.payload}\r\n`);
      const answer = await cloud.event(
        (e) => e.kind === 'uplink' && e.topic === `${HW_SYS}/commands/response/request_id=${requestId}`,
        'command response',
      );
      expect(JSON.parse(answer.payload ?? '')).toMatchObject({ result_code: 0 });
      noTraceback(out);
    });

    const refusedCases: {
      name: string;
      cloud: CloudEmulatorConfig;
      id: CloudId;
      fields: CloudInput;
      options?: ScriptOptions;
      firmware: 'legacy' | 'modern';
      first: RegExp;
      second: RegExp;
    }[] = [
      {
        name: 'Aliyun aLiYun module',
        cloud: { cloud: 'aliyun', device: { ...ALIYUN } },
        id: 'aliyun',
        fields: { ...ALIYUN, deviceSecret: oneCharOff(ALIYUN.deviceSecret) },
        firmware: 'legacy',
        first:
          /\[aliyun\] connect failed: the cloud refused the connection or [^\r\n]+\(check ProductKey, DeviceName, DeviceSecret and the network\); retry in 2 s\r\n/,
        second: /\[aliyun\] connect failed: [^\r\n]+; retry in 4 s\r\n/,
      },
      {
        name: 'Aliyun umqtt',
        cloud: { cloud: 'aliyun', device: { ...ALIYUN } },
        id: 'aliyun',
        fields: { ...ALIYUN, secureMode: '3', deviceSecret: oneCharOff(ALIYUN.deviceSecret) },
        options: { aliyunClient: 'umqtt' },
        firmware: 'modern',
        first: umqttRefusal(2),
        second: umqttRefusal(4),
      },
      {
        name: 'OneNET',
        cloud: { cloud: 'onenet', device: { ...ONENET } },
        id: 'onenet',
        fields: { ...ONENET, accessKey: oneCharOff(ONENET.accessKey) },
        firmware: 'modern',
        first: umqttRefusal(2),
        second: umqttRefusal(4),
      },
      {
        name: 'Huawei',
        cloud: { cloud: 'huawei', device: { ...HUAWEI } },
        id: 'huawei',
        fields: { ...HUAWEI, tls: 'tcp', secret: oneCharOff(HUAWEI.secret) },
        firmware: 'legacy',
        first: umqttRefusal(2),
        second: umqttRefusal(4),
      },
    ];
    for (const c of refusedCases)
      it(`${c.name}: one changed character of the secret is refused; the script says so and retries with backoff`, async () => {
        const cloud = await startCloud(c.cloud);
        const { script } = scriptFor(c.id, c.fields, c.options);
        const { out } = bootModule(c.firmware, script, cloud.broker.port);
        await out.waitFor(c.first);
        await out.waitFor(c.second);
        const refused = cloud.events.filter((e) => e.kind === 'connect.refused');
        expect(refused.length).toBeGreaterThanOrEqual(2);
        expect(refused[0]?.returnCode).toBeGreaterThanOrEqual(4);
        expect(cloud.emulator.status().connected).toEqual([]);
        expect(out.text).not.toMatch(/\[(mqtt|aliyun)\] connected/);
        // the banner once, the network check before every attempt
        expect(out.text.match(/PROJECT_NAME/g)).toHaveLength(1);
        expect(out.text.match(/\[net\] network ready/g)?.length).toBeGreaterThanOrEqual(2);
        noTraceback(out);
      });

    describe('clouds without an emulator, on a plain broker', () => {
      /** A console client on the plain broker: `next(topic, match)` waits for a message with a matching JSON payload. */
      const watch = async (port: number) => {
        const client = await mqtt.connectAsync({ host: '127.0.0.1', port, clientId: `watch-${port}` });
        cleanups.push(() => client.endAsync());
        const got: { topic: string; payload: string }[] = [];
        let wake: (() => void) | undefined;
        client.on('message', (topic, p) => {
          got.push({ topic, payload: p.toString() });
          wake?.();
        });
        // '#' does not match topics that start with '$' (Tencent's $thing/...)
        await client.subscribeAsync(['#', '$thing/#']);
        const json = (text: string): Record<string, unknown> => {
          try {
            return JSON.parse(text) as Record<string, unknown>;
          } catch {
            return {};
          }
        };
        return {
          client,
          next: async (
            topic: string,
            match: (payload: Record<string, unknown>) => boolean,
            timeoutMs = 20_000,
          ): Promise<Record<string, unknown>> => {
            const deadline = Date.now() + timeoutMs;
            for (;;) {
              const found = got.find((g) => g.topic === topic && match(json(g.payload)));
              if (found) return json(found.payload);
              if (Date.now() > deadline) throw new Error(`nothing matching on ${topic}; got ${JSON.stringify(got)}`);
              await new Promise<void>((r) => {
                wake = r;
                setTimeout(r, 500);
              });
            }
          },
        };
      };

      it('Tencent (legacy), ThingsBoard (modern), generic (legacy): report, control/RPC answered', async () => {
        type Match = (payload: Record<string, unknown>) => boolean;
        const cases: {
          id: CloudId;
          fields: CloudInput;
          firmware: 'legacy' | 'modern';
          up: string;
          down: string;
          command: string;
          answer?: { topic: string; match: Match };
        }[] = [
          {
            id: 'tencent',
            fields: { productId: 'L4WG9V9M2M', deviceName: 'TEST2', psk: 'u/nAbSmZKbCW7lugludvLg==' },
            firmware: 'legacy',
            up: '$thing/up/property/L4WG9V9M2M/TEST2',
            down: '$thing/down/property/L4WG9V9M2M/TEST2',
            command: '{"method":"control","clientToken":"tok-1","params":{"power":1}}',
            answer: {
              topic: '$thing/up/property/L4WG9V9M2M/TEST2',
              match: (p) => p.method === 'control_reply' && p.clientToken === 'tok-1',
            },
          },
          {
            id: 'thingsboard',
            fields: { host: 'demo.thingsboard.io', accessToken: 'A1_TEST_TOKEN' },
            firmware: 'modern',
            up: 'v1/devices/me/telemetry',
            down: 'v1/devices/me/rpc/request/7',
            command: '{"method":"setValue","params":1}',
            answer: { topic: 'v1/devices/me/rpc/response/7', match: (p) => p.result === 'ok' },
          },
          {
            id: 'generic',
            fields: { host: 'broker.example', clientId: 'dev-1', username: 'u', password: 'p' },
            firmware: 'legacy',
            up: 'qpy/demo/up',
            down: 'qpy/demo/down',
            command: '{"hello":"device"}',
          },
        ];
        await Promise.all(
          cases.map(async (c) => {
            const broker = await startBroker();
            cleanups.push(() => broker.close());
            const watcher = await watch(broker.port);
            const { script } = scriptFor(c.id, c.fields);
            const { out } = bootModule(c.firmware, script, broker.port);
            await watcher.next(c.up, (p) => JSON.stringify(p).includes('"temperature":2'));
            await out.waitFor(`[up] ${c.up} `);
            await watcher.client.publishAsync(c.down, c.command);
            await out.waitFor(`[down] ${c.down} ${c.command}\r\n`);
            if (c.answer) {
              await out.waitFor(`[reply] ${c.answer.topic} `);
              await watcher.next(c.answer.topic, c.answer.match);
            }
            noTraceback(out);
          }),
        );
      });
    });
  },
);
