import type { ConnectionOptions } from '../../shared/api/mqtt';
import type { ClientVerdict } from '../cloud/emulator';
import type { SessionExplainer } from './session';

/**
 * Sessions to the embedded broker ask its cloud emulator why they were refused or dropped: the emulator knows
 * ("signature does not match", "timestamp expired"), the CONNACK code alone says only "bad user name or password".
 */
export const createEmulatorExplainer = (
  broker: { serves(transport: string, host: string, port: number): boolean },
  emulators: { verdictFor(clientId: string, kind: ClientVerdict['kind'], sinceMs: number): ClientVerdict | undefined },
): SessionExplainer => {
  const embedded = (c: ConnectionOptions) => broker.serves(c.transport, c.host, c.port);
  return {
    refusal: (c, clientId, sinceMs) =>
      embedded(c) ? emulators.verdictFor(clientId, 'connect.refused', sinceMs)?.reason : undefined,
    drop: (c, clientId, sinceMs) => {
      if (!embedded(c)) return undefined;
      const v = emulators.verdictFor(clientId, 'publish.denied', sinceMs);
      if (!v) return undefined;
      return v.topic ? `publishing to ${v.topic} is not allowed (${v.reason})` : v.reason;
    },
  };
};
