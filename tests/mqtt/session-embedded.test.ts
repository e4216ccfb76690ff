import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { BrokerService, RETAINED_FILE_NAME } from '../../electron/broker/broker-service';
import { makeTempDir, options, recordingManager, text, waitFor } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const startBroker = async (extra: Partial<ConstructorParameters<typeof BrokerService>[0]> = {}) => {
  const dataDir = await makeTempDir(cleanups);
  const broker = new BrokerService({ dataDir, port: 0, ...extra });
  const status = await broker.start();
  cleanups.push(async () => void (await broker.stop()));
  return { broker, port: status.port!, dataDir, status };
};

const startSession = async (
  port: number,
  extra: Parameters<typeof options>[0] extends infer T ? Partial<T> : never = {},
) => {
  const rec = recordingManager();
  cleanups.push(() => rec.manager.closeAll());
  const status = await rec.manager.open(options({ port, ...extra }));
  return { ...rec, status, id: status.sessionId };
};

describe('MQTT session against the embedded broker', () => {
  it('delivers QoS 0, 1 and 2 both ways and records uplink and downlink', async () => {
    const { port } = await startBroker();
    const s = await startSession(port);
    expect(s.status.state).toBe('connected');
    for (const qos of [0, 1, 2] as const) {
      const granted = await s.manager.get(s.id).subscribe(`q/${qos}`, qos);
      expect(granted.granted).toBe(qos);
    }
    for (const qos of [0, 1, 2] as const) {
      await s.manager.publish(s.id, { topic: `q/${qos}`, payload: `m${qos}`, format: 'text', qos, retain: false });
    }
    const incoming = await waitFor(
      () => (s.records(s.id, 'in').length === 3 ? s.records(s.id, 'in') : undefined),
      'three messages',
    );
    expect(incoming.map((r) => [r.topic, r.qos, text(r.payload)]).sort()).toEqual([
      ['q/0', 0, 'm0'],
      ['q/1', 1, 'm1'],
      ['q/2', 2, 'm2'],
    ]);
    const out = s.records(s.id, 'out');
    expect(out.map((r) => r.topic)).toEqual(['q/0', 'q/1', 'q/2']);
    const ids = s.records(s.id).map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(6);
  });

  it('shows retained messages to a late subscriber with the retain flag and keeps them across a broker restart', async () => {
    const { broker, port, dataDir } = await startBroker();
    const a = await startSession(port);
    await a.manager.publish(a.id, { topic: 'cfg/led', payload: '{"on":true}', format: 'json', qos: 1, retain: true });
    await broker.stop();
    // One header line, then one JSON line per retained message.
    const [header, ...lines] = (await readFile(join(dataDir, RETAINED_FILE_NAME), 'utf8')).trim().split('\n');
    expect(JSON.parse(header!)).toEqual({ version: 2 });
    expect(lines.map((l) => (JSON.parse(l) as { topic: string }).topic)).toEqual(['cfg/led']);
    const again = await broker.start({ port, strictPort: true });
    expect(again.retainedCount).toBe(1);
    const b = await startSession(port);
    await b.manager.get(b.id).subscribe('cfg/#', 1);
    const [rec] = await waitFor(() => (b.records(b.id, 'in').length ? b.records(b.id, 'in') : undefined), 'retained');
    expect(rec && { topic: rec.topic, retain: rec.retain, payload: text(rec.payload) }).toEqual({
      topic: 'cfg/led',
      retain: true,
      payload: '{"on":true}',
    });
  });

  it('reconnects with backoff after a broker restart, resubscribes, and sends QoS 1 messages queued while down', async () => {
    const { broker, port } = await startBroker();
    const s = await startSession(port, { reconnect: { enabled: true, initialDelayMs: 200, maxDelayMs: 400 } });
    await s.manager.get(s.id).subscribe('dev/down', 1);
    await broker.stop();
    const reconnecting = await waitFor(() => {
      const st = s.lastStatus(s.id);
      return st?.state === 'reconnecting' ? st : undefined;
    }, 'reconnecting status');
    expect(reconnecting.nextAttemptAt).toBeGreaterThan(Date.now() - 50);
    const queued = await s.manager.publish(s.id, {
      topic: 'dev/up',
      payload: 'while-down',
      format: 'text',
      qos: 1,
      retain: false,
    });
    expect(queued.queued).toBe(true);
    await expect(
      s.manager.publish(s.id, { topic: 'dev/up', payload: 'x', format: 'text', qos: 0, retain: false }),
    ).rejects.toMatchObject({ code: 'MQTT_NOT_CONNECTED' });

    // An observer on the restarted broker must receive the queued uplink.
    await broker.start({ port, strictPort: true });
    const observer = await mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0 });
    cleanups.push(() => observer.endAsync());
    const got: string[] = [];
    observer.on('message', (_t, p) => got.push(p.toString()));
    await observer.subscribeAsync('dev/up', { qos: 1 });
    await waitFor(() => s.lastStatus(s.id)?.state === 'connected', 'reconnected', 10_000);
    await waitFor(() => got.includes('while-down'), 'queued message delivered', 10_000);
    // Resubscribed: a downlink after the restart arrives.
    await waitFor(() => s.lastStatus(s.id)?.subscriptions[0]?.granted === 1, 'resubscribed');
    await observer.publishAsync('dev/down', 'after-restart', { qos: 1 });
    await waitFor(
      () => s.records(s.id, 'in').some((r) => text(r.payload) === 'after-restart'),
      'downlink after restart',
    );
  });

  it('reports a refused login with the 3.1.1 reason and stops retrying', async () => {
    const { port } = await startBroker({
      configure: (aedes) => {
        aedes.authenticate = (_client, username, password, done) => {
          if (username === 'dev' && password?.toString() === 'right') return done(null, true);
          done(Object.assign(new Error('bad credentials'), { returnCode: 4 }), false);
        };
      },
    });
    const s = await startSession(port, { username: 'dev', password: 'wrong' });
    expect(s.status.state).toBe('refused');
    expect(s.status.refusal).toMatchObject({ code: 4, reason: 'Bad user name or password' });
    expect(JSON.stringify(s.statuses)).not.toContain('wrong');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.lastStatus(s.id)?.state).toBe('refused');
    const ok = await startSession(port, { username: 'dev', password: 'right' });
    expect(ok.status.state).toBe('connected');
  });

  it('explains that the embedded broker speaks MQTT 3.1.1 only when an MQTT 5 session connects', async () => {
    const { port } = await startBroker();
    const s = await startSession(port, { version: '5', reconnect: { enabled: false } });
    expect(s.status.state).toBe('refused');
    expect(s.status.refusal?.reason).toBe('Unacceptable protocol version');
  });

  it('retries when nothing listens and says so', async () => {
    const { broker, port } = await startBroker();
    await broker.stop();
    const s = await startSession(port, { reconnect: { enabled: true, initialDelayMs: 5_000, maxDelayMs: 5_000 } });
    expect(s.status.state).toBe('reconnecting');
    expect(s.status.error?.message).toContain('Nothing accepts connections');
    expect(s.status.nextAttemptAt).toBeGreaterThan(Date.now() + 3_000);
  });

  it('explains a server that closes the connection without answering (not MQTT)', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const s = await startSession(port, { reconnect: { enabled: false } });
    expect(s.status.state).toBe('error');
    expect(s.status.error?.message).toContain('closed the connection before accepting it');
  });

  it('connects over WebSocket', async () => {
    const { status } = await startBroker({ wsPort: 0 });
    expect(status.wsPort).toBeGreaterThan(0);
    const s = await startSession(status.wsPort!, { transport: 'ws', path: '/mqtt' });
    expect(s.status.state).toBe('connected');
    await s.manager.get(s.id).subscribe('w/#', 0);
    await s.manager.publish(s.id, { topic: 'w/1', payload: 'over-ws', format: 'text', qos: 0, retain: false });
    await waitFor(() => s.records(s.id, 'in').some((r) => text(r.payload) === 'over-ws'), 'ws message');
  });

  it('truncates large payloads in frames and keeps the whole one for mqttFullPayload', async () => {
    const { port } = await startBroker();
    const rec = recordingManager({ truncateBytes: 1_024 });
    cleanups.push(() => rec.manager.closeAll());
    const status = await rec.manager.open(options({ port }));
    const id = status.sessionId;
    await rec.manager.get(id).subscribe('big', 0);
    const big = 'x'.repeat(5_000);
    await rec.manager.publish(id, { topic: 'big', payload: big, format: 'text', qos: 0, retain: false });
    const incoming = await waitFor(() => rec.records(id, 'in')[0], 'big message');
    expect(incoming).toMatchObject({ truncated: true, size: 5_000 });
    expect(incoming.payload.byteLength).toBe(1_024);
    expect(text(rec.manager.get(id).fullPayload(incoming.id))).toBe(big);
    expect(() => rec.manager.get(id).fullPayload(999)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('rejects bad publish and subscribe inputs with specific errors and keeps the session working', async () => {
    const { port } = await startBroker();
    const s = await startSession(port);
    const session = s.manager.get(s.id);
    const publish = (input: Partial<Parameters<typeof session.publish>[0]>) =>
      session.publish({ topic: 't', payload: '', format: 'text', qos: 0, retain: false, ...input });
    await expect(publish({ topic: 'a/+/b' })).rejects.toMatchObject({
      code: 'INVALID_TOPIC',
      message: expect.stringContaining('wildcard'),
    });
    await expect(publish({ topic: 'a/#' })).rejects.toMatchObject({ code: 'INVALID_TOPIC' });
    await expect(publish({ topic: '' })).rejects.toMatchObject({
      code: 'INVALID_TOPIC',
      message: expect.stringContaining('empty'),
    });
    await expect(publish({ topic: 'bad\uD800topic' })).rejects.toMatchObject({
      code: 'INVALID_TOPIC',
      message: expect.stringContaining('UTF-8'),
    });
    await expect(publish({ payload: '{"a":', format: 'json' })).rejects.toMatchObject({
      code: 'INVALID_PAYLOAD',
      message: expect.stringContaining('JSON'),
    });
    await expect(publish({ payload: 'abc', format: 'hex' })).rejects.toMatchObject({
      code: 'INVALID_PAYLOAD',
      message: expect.stringContaining('odd'),
    });
    await expect(publish({ payload: 'zz', format: 'hex' })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
    await expect(publish({ payload: 'ab$d', format: 'base64' })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
    await expect(session.subscribe('a/#/b', 0)).rejects.toMatchObject({
      code: 'INVALID_TOPIC',
      message: expect.stringContaining('last'),
    });
    await expect(session.subscribe('a/b+', 0)).rejects.toMatchObject({ code: 'INVALID_TOPIC' });
    // Nothing was sent for the rejected calls; the session still works.
    expect(s.records(s.id, 'out')).toHaveLength(0);
    await session.subscribe('ok', 0);
    await publish({ topic: 'ok', payload: '0a ff', format: 'hex' });
    const rec = await waitFor(() => s.records(s.id, 'in')[0], 'message after errors');
    expect([...rec.payload]).toEqual([0x0a, 0xff]);
  });
});
