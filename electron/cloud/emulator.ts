import type { Aedes, AuthenticateError, Client, PublishPacket } from 'aedes';
import type { AliyunEmulatedDevice } from '../../shared/cloud/aliyun';
import type { HuaweiEmulatedDevice } from '../../shared/cloud/huawei';
import type { OneNetEmulatedDevice } from '../../shared/cloud/onenet';
import type { CloudTopic, ConnectAttempt, EmulatedCloudId } from '../../shared/cloud/types';
import { topicMatches } from '../../shared/mqtt/topic';
import { createAliyunProfile } from './emulator-aliyun';
import { createHuaweiProfile } from './emulator-huawei';
import { createOneNetProfile } from './emulator-onenet';
import {
  templateToFilter,
  type DownlinkArgs,
  type EmulatorEvent,
  type EmulatorProfile,
  type OutMessage,
  type SessionVerdict,
} from './emulator-types';

export type { DownlinkArgs, EmulatorEvent, OutMessage } from './emulator-types';

export type CloudEmulatorConfig =
  | { cloud: 'aliyun'; device: AliyunEmulatedDevice; clock?: () => number; onEvent?: (e: EmulatorEvent) => void }
  | { cloud: 'onenet'; device: OneNetEmulatedDevice; clock?: () => number; onEvent?: (e: EmulatorEvent) => void }
  | {
      cloud: 'huawei';
      device: HuaweiEmulatedDevice;
      /** Check the clientId timestamp against the clock even when the device asks for type 0. */
      checkTimestamp?: boolean;
      clock?: () => number;
      onEvent?: (e: EmulatorEvent) => void;
    };

interface CloudEmulatorStatus {
  cloud: EmulatedCloudId;
  device: string;
  connected: string[];
  events: EmulatorEvent[];
}

/** What became of a message the application side sent through the emulated cloud. */
export type CloudPublishOutcome =
  | { delivered: true }
  /** `receives`: the device's downlink topic filters, to say where it could go. */
  | { delivered: false; reason: string; receives: string[] };

/** What the emulated cloud last decided about one client (for the refusal or drop a session saw). */
export interface ClientVerdict {
  kind: 'connect.refused' | 'publish.denied';
  at: number;
  reason: string;
  topic?: string;
}

export interface CloudEmulator {
  readonly cloud: EmulatedCloudId;
  readonly topics: CloudTopic[];
  /** Sends a downlink as the cloud would, by the down topic's name (e.g. 'property.set', 'cmd.request', 'commands.request'). */
  downlink(name: string, args?: DownlinkArgs): Promise<OutMessage>;
  /**
   * Sends a message as the cloud's application side does: only to a topic the device receives on (its downlink
   * topics); anything else is dropped, recorded with the reason, and not published.
   */
  publishAsCloud(topic: string, payload: string): Promise<CloudPublishOutcome>;
  /** The newest refusal or drop of `clientId` at or after `sinceMs`, if the emulator made one. */
  verdictFor(clientId: string, kind: ClientVerdict['kind'], sinceMs: number): ClientVerdict | undefined;
  status(): CloudEmulatorStatus;
  /** Puts back aedes' default (allow-all) hooks. */
  uninstall(): void;
}

const MAX_EVENTS = 200;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs one emulator handler; a handler that throws must never take the broker (and the app) down with it, so the
 * failure is recorded and `fallback` decides what the device sees (a refusal, a denial, or a dropped message).
 */
const guarded = <T>(work: () => T, fallback: (reason: string) => T): T => {
  try {
    return work();
  } catch (error) {
    return fallback(`emulator error: ${messageOf(error)}`);
  }
};

const profileFor = (config: CloudEmulatorConfig): EmulatorProfile => {
  switch (config.cloud) {
    case 'aliyun':
      return createAliyunProfile(config.device);
    case 'onenet':
      return createOneNetProfile(config.device);
    case 'huawei':
      return createHuaweiProfile(config.device, config.checkTimestamp ?? false);
  }
};

const publishTo = (aedes: Aedes, m: OutMessage): Promise<void> =>
  new Promise((resolve, reject) =>
    aedes.publish(
      { cmd: 'publish', topic: m.topic, payload: Buffer.from(m.payload), qos: 0, retain: false, dup: false },
      (e) => (e ? reject(e) : resolve()),
    ),
  );

/**
 * Makes an aedes broker accept exactly what the cloud accepts and answer as the cloud does.
 * Attach it through the broker service's configure hook: `configure: (aedes) => { installCloudEmulator(aedes, cfg) }`.
 */
export const installCloudEmulator = (aedes: Aedes, config: CloudEmulatorConfig): CloudEmulator => {
  const profile = profileFor(config);
  const clock = config.clock ?? Date.now;
  const events: EmulatorEvent[] = [];
  const connects = new WeakMap<Client, { keepalive: number; clean: boolean }>();
  const sessions = new Map<Client, string>();
  let counter = 0;
  const nextId = () => `${clock()}${String(++counter).padStart(3, '0')}`;

  const record = (e: Omit<EmulatorEvent, 'at'>): void => {
    let at: number;
    try {
      at = clock();
    } catch {
      at = Date.now();
    }
    const full = { at, ...e };
    events.push(full);
    if (events.length > MAX_EVENTS) events.shift();
    guarded(
      () => config.onEvent?.(full),
      () => undefined,
    );
  };

  const original = {
    preConnect: aedes.preConnect,
    authenticate: aedes.authenticate,
    authorizePublish: aedes.authorizePublish,
    authorizeSubscribe: aedes.authorizeSubscribe,
  };

  aedes.preConnect = (client, packet, done) => {
    connects.set(client, { keepalive: packet.keepalive ?? 0, clean: packet.clean !== false });
    done(null, true);
  };

  aedes.authenticate = (client, username, password, done) => {
    const info = connects.get(client) ?? { keepalive: 0, clean: true };
    const attempt: ConnectAttempt = {
      clientId: client.id,
      username: username ?? undefined,
      password: password ? Buffer.from(password).toString('utf8') : undefined,
      keepalive: info.keepalive,
      cleanSession: info.clean,
    };
    const verdict = guarded(
      () => profile.verify(attempt, clock()),
      (reason): SessionVerdict => ({ ok: false, returnCode: 5, reason: `${reason}; the connection is refused` }),
    );
    if (!verdict.ok) {
      record({ kind: 'connect.refused', clientId: client.id, returnCode: verdict.returnCode, reason: verdict.reason });
      const error = new Error(verdict.reason) as AuthenticateError;
      (error as { returnCode: number }).returnCode = verdict.returnCode;
      done(error, null);
      return;
    }
    sessions.set(client, verdict.session);
    record({
      kind: 'connect.accepted',
      clientId: client.id,
      ...(verdict.session === 'device' ? {} : { reason: verdict.session }),
    });
    done(null, true);
  };

  aedes.authorizePublish = (client, packet, done) => {
    if (!client) return done(null);
    const session = sessions.get(client) ?? 'none';
    let failure: string | undefined;
    const allowed = guarded(
      () => profile.publishAllowed(packet.topic, session),
      (reason) => ((failure = reason), false),
    );
    if (!allowed) {
      record({
        kind: 'publish.denied',
        clientId: client.id,
        topic: packet.topic,
        payload: Buffer.from(packet.payload).toString('utf8').slice(0, 2048),
        reason: failure ?? 'the device may not publish to this topic; the cloud drops the connection',
      });
      return done(new Error(`publish to ${packet.topic} is not allowed for this device`));
    }
    done(null);
  };

  aedes.authorizeSubscribe = (client, sub, done) => {
    const session = sessions.get(client) ?? 'none';
    let failure: string | undefined;
    const allowed = guarded(
      () => profile.subscribeAllowed(sub.topic, session),
      (reason) => ((failure = reason), false),
    );
    if (!allowed) {
      record({
        kind: 'subscribe.denied',
        clientId: client.id,
        topic: sub.topic,
        reason: failure ?? 'not a topic of this device',
      });
      return done(null, null);
    }
    done(null, sub);
  };

  const onReady = (client: Client): void => {
    const session = sessions.get(client);
    if (!session || !profile.onReady) return;
    const base = client.id.split('|')[0] ?? client.id;
    const ready = profile.onReady.bind(profile);
    const pushed = guarded(
      () => ready(session, base),
      (reason): OutMessage[] => (record({ kind: 'register', clientId: client.id, reason }), []),
    );
    for (const m of pushed) {
      record({ kind: 'register', clientId: client.id, topic: m.topic });
      const packet: PublishPacket = {
        cmd: 'publish',
        topic: m.topic,
        payload: Buffer.from(m.payload),
        qos: 0,
        retain: false,
        dup: false,
      };
      client.publish(packet, () => undefined);
    }
  };

  const onPublish = (packet: { topic: string; payload: Buffer | string }, client: Client | null): void => {
    if (!client || !sessions.has(client)) return;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload.toString('utf8') : String(packet.payload);
    record({ kind: 'uplink', clientId: client.id, topic: packet.topic, payload: payload.slice(0, 2048) });
    const replies = guarded(
      () => profile.onUplink(packet.topic, payload, clock()),
      (reason): OutMessage[] => {
        record({
          kind: 'uplink',
          clientId: client.id,
          topic: packet.topic,
          reason: `${reason}; the message is dropped`,
        });
        return [];
      },
    );
    for (const m of replies) {
      record({ kind: 'reply', topic: m.topic, payload: m.payload });
      void publishTo(aedes, m).catch(() => undefined);
    }
  };

  const onDisconnect = (client: Client): void => {
    sessions.delete(client);
  };

  aedes.on('clientReady', onReady);
  aedes.on('publish', onPublish);
  aedes.on('clientDisconnect', onDisconnect);

  return {
    cloud: profile.cloud,
    topics: profile.topics,
    async downlink(name, args = {}) {
      const m = profile.downlink(name, args, nextId);
      record({ kind: 'downlink', topic: m.topic, payload: m.payload });
      await publishTo(aedes, m);
      return m;
    },
    async publishAsCloud(topic, payload) {
      const receives = profile.topics.filter((x) => x.direction === 'down').map((x) => templateToFilter(x.topic));
      const allowed = guarded(
        () => receives.some((f) => topicMatches(f, topic)) && profile.subscribeAllowed(topic, 'device'),
        () => false,
      );
      if (!allowed) {
        const reason = 'dropped: topic not allowed for device';
        record({ kind: 'downlink', topic, payload: payload.slice(0, 2048), reason });
        return { delivered: false, reason, receives };
      }
      record({ kind: 'downlink', topic, payload: payload.slice(0, 2048) });
      await publishTo(aedes, { topic, payload });
      return { delivered: true };
    },
    verdictFor(clientId, kind, sinceMs) {
      for (let i = events.length - 1; i >= 0; i--) {
        const e = events[i]!;
        if (e.at < sinceMs) return undefined;
        if (e.kind === kind && e.clientId === clientId && e.reason)
          return { kind, at: e.at, reason: e.reason, ...(e.topic ? { topic: e.topic } : {}) };
      }
      return undefined;
    },
    status: () => ({
      cloud: profile.cloud,
      device: profile.deviceLabel,
      connected: [...sessions.entries()].filter(([c]) => !c.closed).map(([c]) => c.id),
      events: [...events],
    }),
    uninstall() {
      Object.assign(aedes, original);
      aedes.removeListener('clientReady', onReady);
      aedes.removeListener('publish', onPublish);
      aedes.removeListener('clientDisconnect', onDisconnect);
    },
  };
};
