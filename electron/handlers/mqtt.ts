import type { LocalRef } from '../../shared/api/local';
import { TLS_FILE_FIELDS, type mqttCalls, type ProfileSaveRequest } from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import type { BrokerService } from '../broker/broker-service';
import type { DomainHandlers } from '../ipc/types';
import { findClientIdConflicts } from '../mqtt/client-id-check';
import type { ObservedCloud } from '../mqtt/observer-session';
import type { ProfileStore } from '../mqtt/profile-store';
import type { PickedTlsFiles } from '../mqtt/profile-tls';
import type { SessionManager } from '../mqtt/session-manager';
import { loadTlsFile } from '../mqtt/tls-files';

interface MqttHandlerDeps {
  profiles: ProfileStore;
  sessions: SessionManager;
  broker: BrokerService;
  /** The embedded broker's cloud emulator, for observer sessions. */
  emulators?: ObservedCloud;
  /** The user's "LAN access to the embedded broker" setting; off (the default) means loopback only. */
  brokerLanAllowed?: () => boolean;
  /** The absolute path of a picked file (refuses anything outside the user's grants); for TLS files. */
  resolveLocal?: (ref: LocalRef) => Promise<string>;
}

/** Reads the TLS files a save names by grant: the only way a certificate or key file reaches a profile. */
const readPickedTlsFiles = async (
  picked: ProfileSaveRequest['tlsFiles'],
  resolveLocal: (ref: LocalRef) => Promise<string>,
): Promise<PickedTlsFiles> => {
  const files: PickedTlsFiles = {};
  for (const field of TLS_FILE_FIELDS) {
    const ref = picked?.[field];
    if (ref === null && field === 'key') files.key = null;
    else if (ref) files[field] = await loadTlsFile(field, await resolveLocal(ref));
  }
  return files;
};

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The MQTT console's calls: profiles, sessions and the embedded broker. */
export const createMqttHandlers = ({
  profiles,
  sessions,
  broker,
  emulators,
  brokerLanAllowed = () => false,
  resolveLocal = () =>
    Promise.reject(new AppError('FORBIDDEN', 'This backend takes no picked files; give the TLS files another way.')),
}: MqttHandlerDeps): DomainHandlers<keyof typeof mqttCalls> => ({
  profilesList: () => profiles.list(),
  profileSave: async (request) => profiles.save(request, await readPickedTlsFiles(request.tlsFiles, resolveLocal)),
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
