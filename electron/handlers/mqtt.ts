import type { mqttCalls } from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import type { BrokerService } from '../broker/broker-service';
import type { DomainHandlers } from '../ipc/types';
import { findClientIdConflicts } from '../mqtt/client-id-check';
import type { ObservedCloud } from '../mqtt/observer-session';
import type { ProfileStore } from '../mqtt/profile-store';
import type { SessionManager } from '../mqtt/session-manager';

export interface MqttHandlerDeps {
  profiles: ProfileStore;
  sessions: SessionManager;
  broker: BrokerService;
  /** The embedded broker's cloud emulator, for observer sessions. */
  emulators?: ObservedCloud;
  /** The user's "LAN access to the embedded broker" setting; off (the default) means loopback only. */
  brokerLanAllowed?: () => boolean;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The MQTT console's calls: profiles, sessions and the embedded broker. */
export const createMqttHandlers = ({
  profiles,
  sessions,
  broker,
  emulators,
  brokerLanAllowed = () => false,
}: MqttHandlerDeps): DomainHandlers<keyof typeof mqttCalls> => ({
  profilesList: () => profiles.list(),
  profileSave: (request) => profiles.save(request),
  profileDelete: ({ id }) => profiles.delete(id),
  profileDuplicate: ({ id, name }) => profiles.duplicate(id, name),
  profilesImport: ({ json }) => profiles.importJson(json),
  profilesExport: ({ ids, includeSecrets }) => profiles.exportJson(ids, includeSecrets),
  profileRevealSecret: ({ id, field }) => profiles.revealSecret(id, field),

  mqttConnect: async ({ profileId, options }) => {
    if (profileId) {
      const profile = await profiles.get(profileId);
      return sessions.open(profile.connection, {
        profileId,
        subscriptions: profile.subscriptions.map(({ topic, qos }) => ({ topic, qos })),
      });
    }
    if (!options) throw new AppError('BAD_REQUEST', 'Give a profileId or connection options.');
    return sessions.open(options);
  },
  mqttObserve: async ({ profileId }) => {
    if (!emulators) throw new AppError('NOT_FOUND', 'This backend runs no cloud emulator.');
    if (profileId) await profiles.get(profileId);
    return sessions.observe(emulators, profileId ? { profileId } : {});
  },
  mqttClientIdCheck: async ({ host, port, clientId, profileId }) => {
    const embedded = broker.serves('mqtt', host, port) || broker.serves('ws', host, port);
    const conflicts = findClientIdConflicts(
      { host, port, clientId, ...(profileId ? { profileId } : {}) },
      {
        sessions: sessions.list(),
        profiles: await profiles.list(),
        brokerClientIds: embedded ? broker.connectedClientIds() : [],
      },
    );
    return { conflicts };
  },
  mqttDisconnect: ({ sessionId }) => sessions.close(sessionId),
  mqttSessions: () => sessions.list(),
  mqttSubscribe: ({ sessionId, topic, qos, noLocal, retainAsPublished, retainHandling }) =>
    sessions.get(sessionId).subscribe(topic, qos, {
      ...(noLocal !== undefined ? { noLocal } : {}),
      ...(retainAsPublished !== undefined ? { retainAsPublished } : {}),
      ...(retainHandling !== undefined ? { retainHandling } : {}),
    }),
  mqttUnsubscribe: ({ sessionId, topic }) => sessions.get(sessionId).unsubscribe(topic),
  mqttPublish: ({ sessionId, ...input }) => sessions.publish(sessionId, input),
  mqttFullPayload: ({ sessionId, messageId }) => {
    const payload = sessions.get(sessionId).fullPayload(messageId);
    return { size: payload.byteLength, payload };
  },

  brokerStatus: () => broker.status(),
  brokerStart: ({ host, port, wsPort }) => {
    if (host !== undefined && !isLoopback(host) && !brokerLanAllowed()) {
      throw new AppError(
        'FORBIDDEN',
        `The broker listens on ${host} only with LAN access turned on (MQTT console → embedded broker → ` +
          '"Allow LAN access"), because every device on the network could then connect to it.',
      );
    }
    return broker.start({
      ...(host !== undefined ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(wsPort !== undefined ? { wsPort } : {}),
    });
  },
  brokerStop: () => broker.stop(),
});
