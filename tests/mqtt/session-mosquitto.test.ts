import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { options, recordingManager, text, waitFor } from './helpers';
import { makeTestCertificates, startMosquitto, type Mosquitto } from './mosquitto';
import { loadTlsFile } from '../../electron/mqtt/tls-files';

let dir: string;
let open: Mosquitto;
let secured: Mosquitto;
let small: Mosquitto;
let certs: ReturnType<typeof makeTestCertificates>;
const USER = { name: 'device1', password: 's3cret-pass' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qpy-mosq-'));
  certs = makeTestCertificates(dir);
  open = await startMosquitto({ dir, tls: certs });
  secured = await startMosquitto({ dir, user: USER });
  small = await startMosquitto({ dir, extraConfig: ['max_packet_size 2048'] });
});

afterAll(async () => {
  await open?.stop();
  await secured?.stop();
  await small?.stop();
  await rm(dir, { recursive: true, force: true });
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const session = async (input: Parameters<typeof options>[0]) => {
  const rec = recordingManager();
  cleanups.push(() => rec.manager.closeAll());
  const status = await rec.manager.open(options(input));
  return { ...rec, status, id: status.sessionId, s: rec.manager.get(status.sessionId) };
};

describe('MQTT session against Mosquitto', () => {
  for (const version of ['3.1.1', '5'] as const) {
    it(`round-trips QoS 0, 1 and 2 with MQTT ${version}`, async () => {
      const c = await session({ port: open.port, version });
      expect(c.status.state).toBe('connected');
      await c.s.subscribe(`v${version}/#`, 2);
      for (const qos of [0, 1, 2] as const) {
        await c.s.publish({ topic: `v${version}/${qos}`, payload: `q${qos}`, format: 'text', qos, retain: false });
      }
      const got = await waitFor(
        () => (c.records(c.id, 'in').length === 3 ? c.records(c.id, 'in') : undefined),
        'messages',
      );
      expect(got.map((r) => `${r.topic}:${r.qos}:${text(r.payload)}`).sort()).toEqual([
        `v${version}/0:0:q0`,
        `v${version}/1:1:q1`,
        `v${version}/2:2:q2`,
      ]);
    });
  }

  it('round-trips MQTT 5 properties and shows them on received and sent records', async () => {
    const c = await session({ port: open.port, version: '5' });
    expect(c.status.server?.sessionPresent).toBe(false);
    await c.s.subscribe('props/#', 1);
    await c.s.publish({
      topic: 'props/1',
      payload: '{"t":21.5}',
      format: 'json',
      qos: 1,
      retain: false,
      properties: {
        contentType: 'application/json',
        responseTopic: 'props/reply',
        correlationData: 'c0ffee',
        correlationDataFormat: 'hex',
        messageExpiryInterval: 60,
        payloadFormatIndicator: true,
        userProperties: [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
          { key: 'b', value: 'x' },
        ],
      },
    });
    const rec = await waitFor(() => c.records(c.id, 'in')[0], 'message with properties');
    const p = rec.properties!;
    expect(p.contentType).toBe('application/json');
    expect(p.responseTopic).toBe('props/reply');
    expect([...(p.correlationData ?? [])]).toEqual([0xc0, 0xff, 0xee]);
    expect(p.payloadFormatIndicator).toBe(true);
    expect(p.messageExpiryInterval).toBeGreaterThan(55);
    expect(p.userProperties).toEqual([
      { key: 'a', value: '1' },
      { key: 'a', value: '2' },
      { key: 'b', value: 'x' },
    ]);
    const out = c.records(c.id, 'out')[0]!;
    expect(out.properties?.contentType).toBe('application/json');
    expect([...(out.properties?.correlationData ?? [])]).toEqual([0xc0, 0xff, 0xee]);
  });

  it('publishes with a topic alias on MQTT 5', async () => {
    const c = await session({ port: open.port, version: '5' });
    const listener = await session({ port: open.port, version: '5' });
    await listener.s.subscribe('alias/#', 0);
    const max = c.status.server?.topicAliasMaximum ?? 0;
    expect(max).toBeGreaterThan(0);
    await c.s.publish({
      topic: 'alias/t',
      payload: 'one',
      format: 'text',
      qos: 1,
      retain: false,
      properties: { topicAlias: 1 },
    });
    await c.s.publish({
      topic: '',
      payload: 'two',
      format: 'text',
      qos: 1,
      retain: false,
      properties: { topicAlias: 1 },
    });
    const got = await waitFor(
      () => (listener.records(listener.id).length === 2 ? listener.records(listener.id) : undefined),
      'aliased',
    );
    expect(got.map((r) => `${r.topic}=${text(r.payload)}`)).toEqual(['alias/t=one', 'alias/t=two']);
  });

  it('connects with TLS using a CA made by the test, and refuses the same server without that CA', async () => {
    const good = await session({
      port: open.tlsPort!,
      transport: 'mqtts',
      tls: { ca: await loadTlsFile('ca', certs.caFile), allowInsecure: false },
    });
    expect(good.status).toMatchObject({ state: 'connected', insecureTls: false });
    await good.s.subscribe('tls/#', 1);
    await good.s.publish({ topic: 'tls/1', payload: 'secure', format: 'text', qos: 1, retain: false });
    await waitFor(() => good.records(good.id, 'in')[0], 'tls message');

    const untrusted = await session({ port: open.tlsPort!, transport: 'mqtts' });
    expect(untrusted.status.state).toBe('error');
    expect(untrusted.status.error).toMatchObject({ code: 'TLS_ERROR' });
    expect(untrusted.status.error?.message).toMatch(/CA certificate|self-signed/);

    const insecure = await session({ port: open.tlsPort!, transport: 'mqtts', tls: { allowInsecure: true } });
    expect(insecure.status).toMatchObject({ state: 'connected', insecureTls: true });
  });

  it("refuses a payload over the broker's announced maximum packet size before sending it", async () => {
    const c = await session({ port: small.port, version: '5' });
    expect(c.status.server?.maximumPacketSize).toBe(2048);
    await expect(
      c.s.publish({ topic: 'big', payload: 'z'.repeat(4_000), format: 'text', qos: 1, retain: false }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('2048') });
    expect(c.records(c.id, 'out')).toHaveLength(0);
    await c.s.subscribe('big', 1);
    await c.s.publish({ topic: 'big', payload: 'z'.repeat(1_000), format: 'text', qos: 1, retain: false });
    await waitFor(() => c.records(c.id, 'in')[0], 'a message under the limit');
    expect(c.lastStatus(c.id)?.state).toBe('connected');
  });

  it('says which TLS file is missing', async () => {
    await expect(loadTlsFile('ca', join(dir, 'nope.pem'))).rejects.toMatchObject({
      code: 'TLS_ERROR',
      message: expect.stringMatching(/CA certificate file .*nope\.pem \(ENOENT\)/),
    });
  });

  // Mosquitto 2.0 answers a wrong password with "not authorised": 5 (3.1.1) / 0x87 (5).
  for (const [version, code] of [
    ['3.1.1', 5],
    ['5', 0x87],
  ] as const) {
    it(`reports a wrong password as refused (MQTT ${version}, code ${code}) with a reason, without leaking it`, async () => {
      const c = await session({ port: secured.port, version, username: USER.name, password: 'not-the-password' });
      expect(c.status.state).toBe('refused');
      expect(c.status.refusal).toMatchObject({ code, reason: 'Not authorised' });
      expect(c.status.refusal?.hint).toMatch(/credentials/);
      expect(JSON.stringify(c.statuses)).not.toContain('not-the-password');
      await new Promise((r) => setTimeout(r, 200));
      expect(c.lastStatus(c.id)?.state).toBe('refused');
      const right = await session({ port: secured.port, version, username: USER.name, password: USER.password });
      expect(right.status.state).toBe('connected');
    });
  }
});
