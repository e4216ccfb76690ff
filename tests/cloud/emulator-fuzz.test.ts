import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeCredentials } from '../../shared/cloud';
import { aliyunTopics } from '../../shared/cloud/aliyun-topics';
import { huaweiTopics } from '../../shared/cloud/huawei-topics';
import { oneNetTopics } from '../../shared/cloud/onenet-topics';
import type { CloudTopic } from '../../shared/cloud/types';
import { connect, refusalCode, type Connected } from './helpers';

/**
 * Hostile and random payloads to every uplink topic of every emulated cloud, through `qpy broker --cloud` in its
 * own process and a real MQTT client. The broker must stay up and answer each message as the cloud does: a reply
 * with the cloud's error code where the cloud replies, nothing where it drops.
 */

const SEED = 0x5eed_0010;
const RANDOM_PER_TOPIC = 24;
const QPY = join(process.cwd(), 'bin/qpy.mjs');

/** mulberry32: small, deterministic, good enough to pick payloads. */
const prng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const KEYS = [
  'id',
  'params',
  'version',
  'method',
  'dp',
  'deviceSendTime',
  'services',
  'paras',
  'service_id',
  'event_type',
  'device_send_time',
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
];
const HOSTILE_VALUES = [
  'null',
  '{"toString":1}',
  '{"valueOf":{}}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '[null]',
  '[null,1,"x",[],{}]',
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '-0',
  '0.5',
  'true',
  '""',
  '"$time_sync"',
  '"time_sync_request"',
  '{}',
  '[]',
  `"${'x'.repeat(5000)}"`,
];
const deep = (depth: number, open: string, close: string, inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);

/** Payloads every topic gets, each a way an emulator handler used to or could throw. */
const FIXED_PAYLOADS: Buffer[] = [
  '',
  'not json',
  'null',
  '[]',
  '"a string"',
  '1e400',
  '{"deviceSendTime":{"toString":1}}',
  '{"deviceSendTime":{"valueOf":1,"toString":1}}',
  '{"services":[null]}',
  '{"services":[null,1,"s",[],{"service_id":"$time_sync","event_type":"time_sync_request","paras":null}]}',
  '{"services":[{"service_id":"$time_sync","event_type":"time_sync_request","paras":{"device_send_time":{"toString":1}}}]}',
  `{"services":[{"service_id":"$time_sync","event_type":"time_sync_request","paras":{"device_send_time":${deep(20_000, '[', ']')}}}]}`,
  `{"services":[{"service_id":"$time_sync","event_type":"time_sync_request","paras":${deep(20_000, '{"a":', '}')}}]}`,
  '{"id":{"toString":1},"params":{}}',
  '{"id":"1","params":null}',
  '{"id":1e400,"dp":{}}',
  '{"id":2147483648,"dp":{}}',
  '{"id":1,"dp":[]}',
  '{"__proto__":{"id":"7","params":{}}}',
  '{"constructor":{"prototype":{"id":"7"}},"toString":"x"}',
  `{"id":"1","params":${deep(50_000, '[', ']')}}`,
  `{"deviceSendTime":${deep(20_000, '{"a":', '}')}}`,
  'x'.repeat(256 * 1024),
].map((s) => Buffer.from(s));

const randomPayload = (rand: () => number): Buffer => {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const kind = Math.floor(rand() * 4);
  if (kind === 0) return Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)));
  if (kind === 1) {
    const d = 1 + Math.floor(rand() * 30_000);
    return Buffer.from(pick([deep(d, '[', ']'), deep(d, '{"a":', '}'), deep(d, '{"params":', '}', '{}')]));
  }
  const fields = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => `"${pick(KEYS)}":${pick(HOSTILE_VALUES)}`);
  if (kind === 2) return Buffer.from(`{${fields.join(',')}}`);
  // A well-formed request with one field turned hostile.
  return Buffer.from(
    `{"id":"${Math.floor(rand() * 1000)}","version":"1.0","params":{"t":1},"dp":{"t":[{"v":1}]},` +
      `"services":[{"service_id":"$time_sync","event_type":"time_sync_request","paras":{"device_send_time":1}}],` +
      `${fields.join(',')}}`,
  );
};

// ---- What each cloud answers (the oracle) ------------------------------------------------------------------

type Json = Record<string, unknown>;
const asObject = (text: string): Json | undefined => {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
};
const idOf = (o: Json | undefined) =>
  o && (typeof o.id === 'string' || typeof o.id === 'number') ? String(o.id) : undefined;
const paramsOk = (o: Json | undefined) => typeof o?.params === 'object' && o.params !== null;

/** Expected reply for one uplink: { topic, check } or undefined when the cloud drops it. */
type Expect = { topic: string; check: (reply: string) => void } | undefined;
type Oracle = (topic: string, payload: string) => Expect;

const aliyunOracle =
  (pk: string, dn: string): Oracle =>
  (topic, payload) => {
    const sys = `/sys/${pk}/${dn}`;
    if (
      topic === `${sys}/thing/event/property/post` ||
      /^\/sys\/[^/]+\/[^/]+\/thing\/event\/[^/]+\/post$/.test(topic)
    ) {
      const o = asObject(payload);
      const id = idOf(o);
      const ok = id !== undefined && paramsOk(o);
      return {
        topic: `${topic}_reply`,
        check: (r) => expect(JSON.parse(r)).toMatchObject(ok ? { code: 200, id } : { code: 460, id: id ?? '' }),
      };
    }
    if (topic === `/ext/ntp/${pk}/${dn}/request`) {
      const v = asObject(payload)?.deviceSendTime;
      const echoed = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '0';
      return {
        topic: `/ext/ntp/${pk}/${dn}/response`,
        check: (r) => {
          const o = JSON.parse(r) as Json;
          expect(o.deviceSendTime).toBe(echoed);
          expect(o.serverRecvTime).toMatch(/^\d+$/);
        },
      };
    }
    return undefined;
  };

const oneNetOracle =
  (pid: string, dn: string): Oracle =>
  (topic, payload) => {
    const base = `$sys/${pid}/${dn}`;
    const o = asObject(payload);
    if (topic === `${base}/dp/post/json`) {
      const id =
        o && Number.isInteger(o.id) && (o.id as number) > 0 && (o.id as number) <= 0x7fffffff
          ? (o.id as number)
          : undefined;
      const ok = id !== undefined && typeof o?.dp === 'object' && o.dp !== null && !Array.isArray(o.dp);
      return ok
        ? { topic: `${topic}/accepted`, check: (r) => expect(JSON.parse(r)).toEqual({ id }) }
        : {
            topic: `${topic}/rejected`,
            check: (r) => expect(JSON.parse(r)).toMatchObject({ id: id ?? -1, err_code: 98 }),
          };
    }
    if (topic.startsWith(`${base}/cmd/response/`))
      return {
        topic: `${topic}/rejected`,
        check: (r) => expect(JSON.parse(r)).toMatchObject({ err_code: payload.length >= 1024 ? 99 : 113 }),
      };
    if (topic === `${base}/thing/property/post` || topic === `${base}/thing/event/post`) {
      const id = idOf(o);
      const ok = id !== undefined && paramsOk(o);
      return {
        topic: `${topic}/reply`,
        check: (r) => expect(JSON.parse(r)).toMatchObject(ok ? { id, code: 200 } : { id: id ?? '', code: 2403 }),
      };
    }
    return undefined;
  };

const huaweiOracle =
  (deviceId: string): Oracle =>
  (topic, payload) => {
    if (topic !== `$oc/devices/${deviceId}/sys/events/up`) return undefined;
    const services = asObject(payload)?.services;
    const sync = Array.isArray(services)
      ? (services as unknown[]).find(
          (s): s is Json =>
            typeof s === 'object' &&
            s !== null &&
            !Array.isArray(s) &&
            (s as Json).service_id === '$time_sync' &&
            (s as Json).event_type === 'time_sync_request',
        )
      : undefined;
    if (!sync) return undefined;
    const paras = typeof sync.paras === 'object' && sync.paras !== null ? (sync.paras as Json) : {};
    const sent =
      typeof paras.device_send_time === 'number' && Number.isFinite(paras.device_send_time)
        ? paras.device_send_time
        : 0;
    return {
      topic: `$oc/devices/${deviceId}/sys/events/down`,
      check: (r) => {
        const o = JSON.parse(r) as { services: Array<{ event_type: string; paras: Json }> };
        expect(o.services[0]).toMatchObject({ event_type: 'time_sync_response', paras: { device_send_time: sent } });
      },
    };
  };

// ---- The emulated clouds --------------------------------------------------------------------------------------

interface CloudCase {
  cloud: 'aliyun' | 'onenet' | 'huawei';
  spec: string;
  topics: CloudTopic[];
  credentials: () => { clientId: string; username: string; password: string };
  oracle: Oracle;
  /** A well-formed request that always gets an answer, to know every earlier message was handled. */
  sentinel: (n: number) => { topic: string; payload: string; replyTopic: string; marker: string };
}

const ali = { productKey: 'a1FuzzPK001', deviceName: 'fuzz_dev', deviceSecret: 'q6Sv0BbHkNhRk3gY2mPtK1xDJ4c8ZuLo' };
const one = { productId: '469948', deviceName: 'fuzz_dev', accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=' };
const hw = { deviceId: '5fbbb784b4ec2202e982e643_fuzz', secret: 'Ab12345678cd' };

const CASES: CloudCase[] = [
  {
    cloud: 'aliyun',
    spec: `${ali.productKey}/${ali.deviceName}/${ali.deviceSecret}`,
    topics: aliyunTopics(ali.productKey, ali.deviceName),
    credentials: () =>
      computeCredentials('aliyun', { ...ali, clientId: 'fuzz1', secureMode: '3', signMethod: 'hmacsha1' }, Date.now()),
    oracle: aliyunOracle(ali.productKey, ali.deviceName),
    sentinel: (n) => ({
      topic: `/ext/ntp/${ali.productKey}/${ali.deviceName}/request`,
      payload: JSON.stringify({ deviceSendTime: `sentinel${n}` }),
      replyTopic: `/ext/ntp/${ali.productKey}/${ali.deviceName}/response`,
      marker: `sentinel${n}`,
    }),
  },
  {
    cloud: 'onenet',
    spec: `${one.productId}/${one.deviceName}/${one.accessKey}`,
    topics: oneNetTopics(one.productId, one.deviceName),
    credentials: () => computeCredentials('onenet', { ...one, expiresAt: '4102444800' }, Date.now()),
    oracle: oneNetOracle(one.productId, one.deviceName),
    sentinel: (n) => ({
      topic: `$sys/${one.productId}/${one.deviceName}/dp/post/json`,
      payload: JSON.stringify({ id: 900_000 + n, dp: { t: [{ v: 1 }] } }),
      replyTopic: `$sys/${one.productId}/${one.deviceName}/dp/post/json/accepted`,
      marker: String(900_000 + n),
    }),
  },
  {
    cloud: 'huawei',
    spec: `${hw.deviceId}/${hw.secret}`,
    topics: huaweiTopics(hw.deviceId),
    credentials: () => computeCredentials('huawei', hw, Date.now()),
    oracle: huaweiOracle(hw.deviceId),
    sentinel: (n) => ({
      topic: `$oc/devices/${hw.deviceId}/sys/events/up`,
      payload: JSON.stringify({
        services: [
          { service_id: '$time_sync', event_type: 'time_sync_request', paras: { device_send_time: 700_000 + n } },
        ],
      }),
      replyTopic: `$oc/devices/${hw.deviceId}/sys/events/down`,
      marker: String(700_000 + n),
    }),
  },
];

const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_w, key: string) => `fz_${key}`);

interface BrokerProcess {
  proc: ChildProcess;
  port: number;
  stderr: () => string;
}
const started: Array<{ proc: ChildProcess; dir: string }> = [];

const startCloudBroker = async (cloud: string, spec: string): Promise<BrokerProcess> => {
  const dir = await mkdtemp(join(tmpdir(), 'qpy-fuzz-'));
  const proc = spawn(
    process.execPath,
    [QPY, 'broker', '--port', '0', '--data', dir, '--cloud', cloud, '--device', spec],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started.push({ proc, dir });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`broker did not start: ${out}${err}`)), 60_000);
    proc.once('exit', (code) => reject(new Error(`broker exited with ${code}: ${err}`)));
    proc.stdout!.on('data', (d: Buffer) => {
      if (out.length < 4096) out += d.toString();
      const m = /mqtt:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return { proc, port, stderr: () => err };
};

afterAll(async () => {
  for (const { proc, dir } of started) {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
});

/** Collects every message per topic, in arrival order. */
const inbox = (dev: Connected) => {
  const byTopic = new Map<string, string[]>();
  dev.client.on('message', (topic, payload) => {
    const list = byTopic.get(topic) ?? [];
    list.push(payload.toString('utf8'));
    byTopic.set(topic, list);
  });
  return byTopic;
};

const waitFor = async (condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe.each(CASES)('$cloud emulator under hostile uplinks (seed 0x5eed0010)', (c) => {
  it(
    'survives every payload on every uplink topic and answers each as the cloud does',
    { timeout: 240_000 },
    async () => {
      const broker = await startCloudBroker(c.cloud, c.spec);
      const rand = prng(SEED ^ c.cloud.length);
      const creds = c.credentials();
      const dev = await connect(broker.port, {
        clientId: creds.clientId,
        username: creds.username,
        password: creds.password,
        keepalive: 60,
      });
      const received = inbox(dev);
      const downFilters = c.topics.filter((t) => t.direction === 'down').map((t) => t.filter ?? fill(t.topic));
      await dev.client.subscribeAsync([...new Set(downFilters)], { qos: 0 });

      const expected = new Map<string, Array<(reply: string) => void>>();
      let sentinels = 0;
      const sendSentinel = async () => {
        const s = c.sentinel(++sentinels);
        const list = expected.get(s.replyTopic) ?? [];
        list.push((r) => expect(r).toContain(s.marker));
        expected.set(s.replyTopic, list);
        await dev.client.publishAsync(s.topic, s.payload, { qos: 1 });
        await waitFor(
          () => (received.get(s.replyTopic) ?? []).some((r) => r.includes(s.marker)),
          `sentinel ${s.marker}`,
        );
      };

      const upTopics = c.topics.filter((t) => t.direction === 'up').map((t) => fill(t.topic));
      for (const topic of upTopics) {
        const payloads = [...FIXED_PAYLOADS, ...Array.from({ length: RANDOM_PER_TOPIC }, () => randomPayload(rand))];
        for (const payload of payloads) {
          const e = c.oracle(topic, payload.toString('utf8'));
          if (e) {
            const list = expected.get(e.topic) ?? [];
            list.push(e.check);
            expected.set(e.topic, list);
          }
          await dev.client.publishAsync(topic, payload, { qos: 1 });
        }
        await sendSentinel();
        expect(broker.proc.exitCode, broker.stderr()).toBeNull();
      }

      // Every answer arrived, in order, with the cloud's code; nothing came on a topic the cloud does not answer on.
      for (const [topic, checks] of expected) {
        const replies = received.get(topic) ?? [];
        expect(replies.length, `replies on ${topic}`).toBe(checks.length);
        checks.forEach((check, i) => check(replies[i]!));
      }
      // (The device's own uplinks come back where its subscriptions cover them; they are not cloud answers.)
      const answers = [...received.keys()].filter((topic) => !upTopics.includes(topic));
      for (const topic of answers) expect([...expected.keys()], 'unexpected reply topic').toContain(topic);
      expect(dev.client.connected).toBe(true);
      await dev.client.endAsync();

      // Hostile connects and subscriptions: refused as the cloud refuses, and the broker still serves the device.
      for (const hostile of [
        { clientId: '\u0000|securemode=3,signmethod=hmacsha1|', username: '&&&', password: '\u0000' },
        { clientId: `${'|'.repeat(500)}`, username: `${creds.username}&`, password: Buffer.from([0xff, 0xfe, 0x00]) },
        { clientId: 'x'.repeat(10_000), username: 'x'.repeat(10_000), password: 'x'.repeat(10_000) },
        { clientId: creds.clientId, username: creds.username, password: 'constructor' },
        { clientId: '__proto__', username: '__proto__', password: '__proto__' },
        { clientId: 'toString', username: 'toString&toString', password: 'toString' },
      ]) {
        const code = await refusalCode(broker.port, { ...hostile, keepalive: 60 });
        expect([1, 2, 3, 4, 5]).toContain(code);
      }
      const again = await connect(broker.port, {
        clientId: creds.clientId,
        username: creds.username,
        password: creds.password,
        keepalive: 60,
      });
      for (const filter of [
        '#',
        '$sys/#',
        '+/+/+/+',
        '/sys/+/+/thing/#',
        '$oc/devices/+/sys/#',
        'constructor',
        '__proto__/#',
      ]) {
        const granted = await again.client.subscribeAsync(filter, { qos: 0 }).catch(() => [{ qos: 128 }]);
        expect([0, 128]).toContain(granted[0]!.qos);
      }
      const s = c.sentinel(++sentinels);
      await again.client.subscribeAsync(s.replyTopic);
      await again.client.publishAsync(s.topic, s.payload, { qos: 1 });
      expect((await again.next(s.replyTopic, 30_000)).payload).toContain(s.marker);
      await again.client.endAsync();
      expect(broker.proc.exitCode, broker.stderr()).toBeNull();
      expect(broker.stderr()).not.toMatch(/TypeError|RangeError|Unhandled|uncaught/i);
    },
  );
});
