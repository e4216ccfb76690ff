import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { EventMap, EventName } from '../../shared/contract';
import type { MqttMessageFrame, SessionStatus } from '../../shared/api/mqtt';
import { createDispatch } from '../../electron/ipc/dispatch';
import type { Handlers } from '../../electron/ipc/types';
import { createMqttHandlers } from '../../electron/handlers/mqtt';
import { createMqttServices } from '../../electron/mqtt/mqtt-services';
import { makeTempDir, waitFor } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const setup = async () => {
  const dataDir = await makeTempDir(cleanups);
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const services = await createMqttServices({
    dataDir,
    emit: <E extends EventName>(event: E, payload: EventMap[E]) => void events.push({ event, payload }),
    broker: { port: 0, wsPort: 0 },
  });
  cleanups.push(() => services.close());
  // Only MQTT calls are made here; the other domains' handlers are not needed.
  const dispatch = createDispatch(
    createMqttHandlers({ ...services, brokerLanAllowed: () => false }) as unknown as Handlers,
  );
  const call = (name: string, request: unknown) => dispatch(name, request, { shell: 'web', clientId: 'test' });
  return { services, events, call, dataDir };
};

describe('MQTT handlers through the dispatcher', () => {
  it('starts the broker, saves a profile, connects with it, subscribes, publishes and emits frames', async () => {
    const { call, events } = await setup();
    const broker = await call('brokerStatus', {});
    expect(broker).toMatchObject({ ok: true, value: { state: 'running' } });
    const port = (broker as { value: { port: number } }).value.port;
    const saved = await call('profileSave', {
      name: 'local',
      connection: { host: '127.0.0.1', port, username: 'dev' },
      subscriptions: [{ topic: 'h/#', qos: 1 }],
      secrets: { password: 'unused-secret' },
    });
    expect(saved.ok).toBe(true);
    const profileId = (saved as { value: { id: string } }).value.id;
    expect(events.some((e) => e.event === 'mqtt.profiles')).toBe(true);
    const connected = await call('mqttConnect', { profileId });
    expect(connected).toMatchObject({ ok: true, value: { state: 'connected', profileId } });
    const sessionId = (connected as { value: SessionStatus }).value.sessionId;
    await waitFor(
      () =>
        events.some((e) => e.event === 'mqtt.status' && (e.payload as SessionStatus).subscriptions[0]?.granted === 1),
      'profile subscription granted',
    );
    const published = await call('mqttPublish', { sessionId, topic: 'h/1', payload: 'AQID', format: 'base64', qos: 1 });
    expect(published).toMatchObject({ ok: true, value: { queued: false } });
    await waitFor(
      () =>
        events.some(
          (e) =>
            e.event === 'mqtt.messages' && (e.payload as MqttMessageFrame).records.some((r) => r.direction === 'in'),
        ),
      'a frame with the downlink',
    );
    const bad = await call('mqttPublish', { sessionId, topic: 'h/#', payload: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_TOPIC' } });
    expect(await call('mqttSessions', {})).toMatchObject({ ok: true, value: [{ sessionId }] });
    expect(await call('mqttDisconnect', { sessionId })).toMatchObject({ ok: true });
    expect(await call('mqttPublish', { sessionId, topic: 'h/1', payload: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('brokerStop', {})).toMatchObject({ ok: true, value: { state: 'stopped' } });
    expect(
      events.some((e) => e.event === 'broker.status' && (e.payload as { state: string }).state === 'stopped'),
    ).toBe(true);
  });

  it('validates requests and saves a truncated payload in full', async () => {
    const { call, services, dataDir } = await setup();
    expect(await call('mqttConnect', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call('mqttConnect', { options: { host: '127.0.0.1', port: 1883, password: 'p' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CREDENTIALS', message: expect.stringContaining('user name') },
    });
    expect(await call('profileRevealSecret', { id: 'nope', field: 'password' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await call('profilesImport', { json: '[{"name":"x","connection":{"host":"h","port":"1883"}}]' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PROFILE' },
    });
    const port = services.broker.status().port!;
    const opened = await call('mqttConnect', { options: { host: '127.0.0.1', port } });
    const sessionId = (opened as { value: SessionStatus }).value.sessionId;
    await call('mqttSubscribe', { sessionId, topic: 'big', qos: 0 });
    const big = 'y'.repeat(300 * 1024);
    await call('mqttPublish', { sessionId, topic: 'big', payload: big });
    const session = services.sessions.get(sessionId);
    const inId = await waitFor(() => {
      try {
        return session.fullPayload(2) ? 2 : undefined;
      } catch {
        return undefined;
      }
    }, 'stored full payload');
    const full = await call('mqttFullPayload', { sessionId, messageId: inId });
    expect(full).toMatchObject({ ok: true, value: { size: big.length } });
    expect(new TextDecoder().decode((full as { value: { payload: Uint8Array } }).value.payload) === big).toBe(true);
    // The UI cannot have the backend write a payload to a path it names (see tests/local/no-arbitrary-paths).
    expect(
      await call('mqttFullPayload', { sessionId, messageId: inId, savePath: join(dataDir, 'full.bin') }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
