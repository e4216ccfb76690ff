import type { ClientIdConflict, ProfileView, SessionStatus } from '../../shared/api/mqtt';

interface ClientIdQuery {
  host: string;
  port: number;
  clientId: string;
  /** The profile about to connect (its own sessions and itself are not conflicts). */
  profileId?: string;
}

/**
 * Who else holds a client id on one broker. MQTT lets one connection per client id: a second one kicks the first
 * off, and two that reconnect automatically take turns forever. `brokerClientIds` are the ids connected to the
 * embedded broker when the query targets it (else empty); one that belongs to a console session is named as that
 * session, any other (usually the module) as a broker client.
 */
export const findClientIdConflicts = (
  query: ClientIdQuery,
  sources: { sessions: SessionStatus[]; profiles: ProfileView[]; brokerClientIds: string[] },
): ClientIdConflict[] => {
  const where = `://${query.host}:${query.port}`;
  const nameOf = (profileId: string | undefined, fallback: string) =>
    sources.profiles.find((p) => p.id === profileId)?.name ?? fallback;
  const sessions = sources.sessions.filter(
    (s) =>
      s.mode !== 'observer' &&
      s.state !== 'closed' &&
      s.state !== 'refused' &&
      s.clientId === query.clientId &&
      s.label.endsWith(where) &&
      (query.profileId === undefined || s.profileId !== query.profileId),
  );
  const conflicts: ClientIdConflict[] = sessions.map((s) => ({
    kind: 'session',
    name: nameOf(s.profileId, s.label),
  }));
  const ownSessionHoldsIt = sources.sessions.some(
    (s) => s.clientId === query.clientId && s.state === 'connected' && s.label.endsWith(where),
  );
  if (sources.brokerClientIds.includes(query.clientId) && !ownSessionHoldsIt)
    conflicts.push({ kind: 'broker', name: query.clientId });
  for (const p of sources.profiles) {
    if (p.id === query.profileId || p.connection.clientId !== query.clientId) continue;
    if (p.connection.host !== query.host || p.connection.port !== query.port) continue;
    if (sessions.some((s) => s.profileId === p.id)) continue;
    conflicts.push({ kind: 'profile', name: p.name });
  }
  return conflicts;
};
