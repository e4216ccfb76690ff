import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connectionOptionsSchema,
  type ConnectionOptions,
  type ConnectionOptionsInput,
  type MqttMessageFrame,
  type MqttRecord,
  type SessionStatus,
} from '../../shared/api/mqtt';
import { SessionManager, type SessionManagerOptions } from '../../electron/mqtt/session-manager';

export const makeTempDir = async (cleanups: Array<() => Promise<void>>, prefix = 'qpy-mqtt-'): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

export const waitFor = async <T>(
  probe: () => T | undefined | false | null,
  what: string,
  timeoutMs = 8_000,
): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

export const options = (input: Partial<ConnectionOptionsInput> & { port: number }): ConnectionOptions =>
  connectionOptionsSchema.parse({ host: '127.0.0.1', ...input });

/** A SessionManager that records every status and frame it emits. */
export const recordingManager = (extra: Partial<SessionManagerOptions> = {}) => {
  const statuses: SessionStatus[] = [];
  const frames: MqttMessageFrame[] = [];
  const manager = new SessionManager({
    onStatus: (s) => statuses.push(s),
    onFrame: (f) => frames.push(f),
    ...extra,
  });
  const records = (sessionId: string, direction?: 'in' | 'out'): MqttRecord[] =>
    frames
      .filter((f) => f.sessionId === sessionId)
      .flatMap((f) => f.records)
      .filter((r) => !direction || r.direction === direction);
  const lastStatus = (sessionId: string): SessionStatus | undefined =>
    statuses.filter((s) => s.sessionId === sessionId).at(-1);
  return { manager, statuses, frames, records, lastStatus };
};

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
