import type { BrokerStatus, ProfileView, SessionStatus, mqttCalls } from '../../../shared/api/mqtt';
import { fail, ok } from '../../../shared/result';
import type { FakeDomain } from './types';

/** A saved profile for the embedded broker, as the backend returns it (no secrets, only flags). */
export const fakeLocalProfile = (overrides: Partial<ProfileView> = {}): ProfileView => ({
  id: 'p-local',
  name: 'Local broker 127.0.0.1:1883',
  connection: {
    host: '127.0.0.1',
    port: 1883,
    transport: 'mqtt',
    path: '/mqtt',
    version: '3.1.1',
    clientId: '',
    keepaliveSec: 60,
    cleanStart: true,
    connectTimeoutMs: 10_000,
    reconnect: { enabled: true, initialDelayMs: 1_000, maxDelayMs: 30_000 },
  },
  subscriptions: [{ topic: 'demo/#', qos: 0, color: '#d4731c', muted: false }],
  templates: [],
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  secrets: { password: false, keyPassphrase: false },
  ...overrides,
});

export const fakeBroker: BrokerStatus = {
  state: 'running',
  host: '127.0.0.1',
  port: 1883,
  requestedPort: 1883,
  clients: 0,
  retainedCount: 0,
};

export const fakeSession = (overrides: Partial<SessionStatus> = {}): SessionStatus => ({
  sessionId: 's-1',
  profileId: 'p-local',
  label: 'mqtt://127.0.0.1:1883',
  clientId: 'qpy_0a1b2c3d',
  version: '3.1.1',
  state: 'connected',
  since: 1_700_000_000_000,
  attempt: 0,
  insecureTls: false,
  subscriptions: [{ topic: 'demo/#', qos: 0, granted: 0 }],
  ...overrides,
});

let nextId = 1;

export const mqttFakes: FakeDomain<keyof typeof mqttCalls> = {
  profilesList: () => ok([fakeLocalProfile()]),
  profileSave: (req) => {
    const now = Date.now();
    const c = req.connection;
    return ok({
      id: req.id ?? `p-${nextId++}`,
      name: req.name,
      connection: {
        host: c.host,
        port: c.port,
        transport: c.transport ?? 'mqtt',
        path: c.path ?? '/mqtt',
        version: c.version ?? '3.1.1',
        clientId: c.clientId ?? '',
        keepaliveSec: c.keepaliveSec ?? 60,
        cleanStart: c.cleanStart ?? true,
        connectTimeoutMs: c.connectTimeoutMs ?? 10_000,
        reconnect: { enabled: c.reconnect?.enabled ?? true, initialDelayMs: 1_000, maxDelayMs: 30_000 },
        ...(c.username !== undefined ? { username: c.username } : {}),
        ...(c.sessionExpirySec !== undefined ? { sessionExpirySec: c.sessionExpirySec } : {}),
        ...(c.tls ? { tls: { ...c.tls, allowInsecure: c.tls.allowInsecure ?? false } } : {}),
      },
      subscriptions: (req.subscriptions ?? []).map((s) => ({ ...s, qos: s.qos ?? 0, muted: s.muted ?? false })),
      templates: (req.templates ?? []).map((t) => ({
        ...t,
        payload: t.payload ?? '',
        format: t.format ?? 'text',
        qos: t.qos ?? 0,
        retain: t.retain ?? false,
      })),
      ...(req.notes !== undefined ? { notes: req.notes } : {}),
      createdAt: now,
      updatedAt: now,
      secrets: { password: typeof req.secrets?.password === 'string', keyPassphrase: false },
    });
  },
  profileDelete: () => ok(undefined),
  profileDuplicate: (req) =>
    ok(fakeLocalProfile({ id: `p-${nextId++}`, name: req.name ?? 'Local broker 127.0.0.1:1883 (copy)' })),
  profilesImport: (req) => {
    try {
      JSON.parse(req.json);
    } catch {
      return fail(
        'INVALID_PROFILE',
        'The file is not a profile export (not JSON): choose a file exported by QPY Studio.',
      );
    }
    return ok([fakeLocalProfile({ id: `p-${nextId++}`, name: 'Imported' })]);
  },
  profilesExport: (req) => ok({ json: JSON.stringify({ profiles: [] }), count: req.ids?.length ?? 1 }),
  profileRevealSecret: () => ok({ value: 's3cret-pass' }),
  mqttConnect: (req) => ok(fakeSession({ ...(req.profileId ? { profileId: req.profileId } : {}) })),
  mqttObserve: (req) =>
    ok(
      fakeSession({
        sessionId: 's-observer',
        mode: 'observer',
        clientId: '',
        label: 'aliyun emulator',
        subscriptions: [],
        ...(req.profileId ? { profileId: req.profileId } : {}),
      }),
    ),
  mqttClientIdCheck: () => ok({ conflicts: [] }),
  mqttDisconnect: () => ok(undefined),
  mqttSessions: () => ok([]),
  mqttSubscribe: (req) => ok({ topic: req.topic, qos: req.qos ?? 0, granted: req.qos ?? 0 }),
  mqttUnsubscribe: () => ok(undefined),
  mqttPublish: () => ok({ recordId: nextId++, queued: false }),
  mqttFullPayload: () => ok({ size: 4, payload: new Uint8Array([1, 2, 3, 4]) }),
  brokerStatus: () => ok(fakeBroker),
  brokerStart: () => ok(fakeBroker),
  brokerStop: () => ok({ ...fakeBroker, state: 'stopped', clients: 0 }),
};
