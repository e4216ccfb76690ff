import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap, EventName } from '../../shared/contract';
import type { MqttRecord, SessionStatus } from '../../shared/api/mqtt';
import { computeCredentials } from '../../shared/cloud';
import { CloudEmulatorService } from '../../electron/cloud/emulator-service';
import { createMqttHandlers } from '../../electron/handlers/mqtt';
import { createDispatch } from '../../electron/ipc/dispatch';
import type { Handlers } from '../../electron/ipc/types';
import { createEmulatorExplainer } from '../../electron/mqtt/emulator-explainer';
import { createMqttServices } from '../../electron/mqtt/mqtt-services';
import { connect } from '../cloud/helpers';
import { makeTempDir, options, text, waitFor } from './helpers';

/*
 * The console as the emulated cloud's application side, against the real embedded broker (aedes), the real
 * OneNET emulator and real MQTT.js clients: observer trace, downlinks through the cloud's rules, the emulator's
 * refusal reason in a refused session, and client ids already in use.
 */

const FIELDS = {
  productId: '469948',
  deviceName: 'Chic_D',
  accessKey: 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=',
};
const DEVICE_TOPIC = '$sys/469948/Chic_D';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const setup = async () => {
  const dataDir = await makeTempDir(cleanups);
  const statuses: SessionStatus[] = [];
  const records: MqttRecord[] = [];
  const services = await createMqttServices({
    dataDir,
    emit: <E extends EventName>(event: E, payload: EventMap[E]) => {
      if (event === 'mqtt.status') statuses.push(payload as SessionStatus);
      if (event === 'mqtt.messages') records.push(...(payload as EventMap['mqtt.messages']).records);
    },
    broker: { port: 0 },
  });
  cleanups.push(() => services.close());
  const emulators = new CloudEmulatorService(services.broker);
  services.sessions.explainWith(createEmulatorExplainer(services.broker, emulators));
  const status = await emulators.start({ cloud: 'onenet', fields: FIELDS });
  const port = status.broker!.port!;
  const dispatch = createDispatch(createMqttHandlers({ ...services, emulators }) as unknown as Handlers);
  const call = async <T>(name: string, request: unknown): Promise<T> => {
    const r = await dispatch(name, request, { shell: 'web', clientId: 'test' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  const callResult = (name: string, request: unknown) => dispatch(name, request, { shell: 'web', clientId: 'test' });
  const device = async () => {
    const c = computeCredentials('onenet', FIELDS, Date.now());
    const dev = await connect(port, {
      clientId: c.clientId,
      username: c.username,
      password: c.password,
      keepalive: 60,
    });
    cleanups.push(() => dev.client.endAsync());
    return dev;
  };
  return { services, emulators, port, call, callResult, device, statuses, records };
};

describe('observer sessions on the emulated cloud', () => {
  it('traces uplinks, replies and downlinks, sends downlinks as the cloud and drops forbidden ones', async () => {
    const { call, callResult, device, records } = await setup();
    const observer = await call<SessionStatus>('mqttObserve', {});
    expect(observer).toMatchObject({ mode: 'observer', state: 'connected', label: 'onenet emulator' });
    const of = (sid: string) => records.filter((r) => r.sessionId === sid);

    const dev = await device();
    await dev.client.subscribeAsync(`${DEVICE_TOPIC}/cmd/request/+`);
    await dev.client.publishAsync(`${DEVICE_TOPIC}/dp/post/json`, '{"id":1,"dp":{"temp":[{"v":21}]}}');
    const reply = await waitFor(
      () => of(observer.sessionId).find((r) => r.trace?.kind === 'reply'),
      'the cloud reply in the trace',
    );
    expect(reply).toMatchObject({ direction: 'out', topic: `${DEVICE_TOPIC}/dp/post/json/accepted` });
    const uplink = of(observer.sessionId).find((r) => r.trace?.kind === 'uplink')!;
    expect(uplink).toMatchObject({ direction: 'in', topic: `${DEVICE_TOPIC}/dp/post/json` });
    expect(uplink.trace).toEqual({ kind: 'uplink', clientId: 'Chic_D' });
    expect(text(uplink.payload)).toBe('{"id":1,"dp":{"temp":[{"v":21}]}}');
    expect(of(observer.sessionId).find((r) => r.trace?.kind === 'connect.accepted')?.trace?.clientId).toBe('Chic_D');

    const sent = await call<{ recordId: number }>('mqttPublish', {
      sessionId: observer.sessionId,
      topic: `${DEVICE_TOPIC}/cmd/request/77`,
      payload: '{"led":"on"}',
      format: 'json',
    });
    expect(await dev.next(`${DEVICE_TOPIC}/cmd/request/77`)).toEqual({
      topic: `${DEVICE_TOPIC}/cmd/request/77`,
      payload: '{"led":"on"}',
    });
    const down = await waitFor(
      () => of(observer.sessionId).find((r) => r.id === sent.recordId),
      'the downlink in the trace',
    );
    expect(down).toMatchObject({ direction: 'out', trace: { kind: 'downlink' } });
    expect(down.trace?.dropped).toBeUndefined();

    const forbidden = await callResult('mqttPublish', {
      sessionId: observer.sessionId,
      topic: `${DEVICE_TOPIC}/dp/post/json`,
      payload: 'x',
    });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(!forbidden.ok && forbidden.error.message).toMatch(/dropped: topic not allowed for device/);
    // What the UI builds its line from, in its own language.
    expect(!forbidden.ok && forbidden.error.detail).toMatchObject({
      messageKey: 'downlinkDropped',
      reason: 'dropped: topic not allowed for device',
      topics: expect.stringMatching(/^\$sys\/469948\/Chic_D\//),
      moreTopics: expect.any(Number),
    });
    const dropped = await waitFor(
      () => of(observer.sessionId).find((r) => r.trace?.dropped),
      'the dropped downlink in the trace',
    );
    expect(dropped).toMatchObject({ direction: 'out', topic: `${DEVICE_TOPIC}/dp/post/json` });
    expect(dropped.trace?.dropped).toBe('dropped: topic not allowed for device');
    expect(!forbidden.ok && forbidden.error.message).toMatch(
      /Send to one of its downlink topics: \$sys\/469948\/Chic_D\/.+ and \d+ more\.$/,
    );

    const denied = await callResult('mqttSubscribe', { sessionId: observer.sessionId, topic: '#' });
    expect(denied).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('ends the observer with a reason when the emulator is switched off', async () => {
    const { call, emulators, statuses } = await setup();
    const observer = await call<SessionStatus>('mqttObserve', {});
    await emulators.stop();
    const last = await waitFor(
      () => statuses.filter((s) => s.sessionId === observer.sessionId && s.state === 'closed').at(-1),
      'the observer to close',
    );
    expect(last.error?.message).toBe('The cloud emulator was switched off.');
    await expect(call('mqttObserve', {})).rejects.toThrow(/No cloud emulator is running/);
  });

  it("puts the emulator's refusal reason into the refused session, not just code 4", async () => {
    const { call, port } = await setup();
    const c = computeCredentials('onenet', FIELDS, Date.now());
    const tampered = c.password.replace(/sign=([^&]+)/, 'sign=AAAA$1');
    const refused = await call<SessionStatus>('mqttConnect', {
      options: options({
        port,
        clientId: c.clientId,
        username: c.username,
        password: tampered,
        reconnect: { enabled: false },
      }),
    });
    expect(refused.state).toBe('refused');
    expect(refused.refusal).toMatchObject({ code: 4, reason: 'Bad user name or password' });
    expect(refused.refusal?.cause).toBe('token signature does not match the access_key');

    const wrongProduct = await call<SessionStatus>('mqttConnect', {
      options: options({
        port,
        clientId: 'Chic_D',
        username: '123',
        password: c.password,
        reconnect: { enabled: false },
      }),
    });
    expect(wrongProduct.refusal?.cause).toBe('username is not this product id');
  });

  it('says why the emulated cloud dropped a session that published where the device may not', async () => {
    const { call, port, statuses } = await setup();
    const c = computeCredentials('onenet', FIELDS, Date.now());
    const session = await call<SessionStatus>('mqttConnect', {
      options: options({
        port,
        clientId: c.clientId,
        username: c.username,
        password: c.password,
        reconnect: { enabled: true, initialDelayMs: 60_000, maxDelayMs: 60_000 },
      }),
    });
    expect(session.state).toBe('connected');
    await call('mqttPublish', {
      sessionId: session.sessionId,
      topic: `${DEVICE_TOPIC}/cmd/request/1`,
      payload: 'x',
      qos: 0,
    });
    const lost = await waitFor(
      () => statuses.find((s) => s.sessionId === session.sessionId && s.state === 'reconnecting'),
      'the session to be dropped',
    );
    expect(lost.error?.message).toMatch(
      new RegExp(
        `^The emulated cloud closed the connection: publishing to \\$sys/469948/Chic_D/cmd/request/1 is not allowed`,
      ),
    );
    await call('mqttDisconnect', { sessionId: session.sessionId });
  });

  it('finds a client id already used by the module on the broker, by an open session and by another profile', async () => {
    const { call, device, port } = await setup();
    const check = (profileId?: string) =>
      call<{ conflicts: Array<{ kind: string; name: string }> }>('mqttClientIdCheck', {
        host: '127.0.0.1',
        port,
        clientId: 'Chic_D',
        ...(profileId ? { profileId } : {}),
      });
    expect((await check()).conflicts).toEqual([]);
    await device();
    expect((await check()).conflicts).toEqual([{ kind: 'broker', name: 'Chic_D' }]);

    const saved = await call<{ id: string }>('profileSave', {
      name: 'OneNET device',
      connection: { host: '127.0.0.1', port, clientId: 'Chic_D' },
    });
    const other = await call<{ id: string }>('profileSave', {
      name: 'Second copy',
      connection: { host: '127.0.0.1', port, clientId: 'Chic_D' },
    });
    expect((await check(saved.id)).conflicts).toEqual([
      { kind: 'broker', name: 'Chic_D' },
      { kind: 'profile', name: 'Second copy' },
    ]);
    const elsewhere = await call<{ conflicts: unknown[] }>('mqttClientIdCheck', {
      host: 'broker.example.com',
      port,
      clientId: 'Chic_D',
      profileId: other.id,
    });
    expect(elsewhere.conflicts).toEqual([]);
  });
});
