import { randomUUID } from 'node:crypto';
import type { ConnectionOptions, MqttMessageFrame, QoS, SessionStatus } from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import { MqttSession, type MqttClientFactory } from './session';
import type { PublishInput } from './publish-packet';

export interface SessionManagerOptions {
  onStatus: (status: SessionStatus) => void;
  onFrame: (frame: MqttMessageFrame) => void;
  /** Default: mqtt.connect. */
  connect?: MqttClientFactory;
  frameIntervalMs?: number;
  maxRecordsPerFrame?: number;
  truncateBytes?: number;
}

/** All open MQTT sessions of the app, by id. Closed sessions are forgotten once their last status is emitted. */
export class SessionManager {
  private readonly sessions = new Map<string, MqttSession>();

  constructor(private readonly options: SessionManagerOptions) {}

  async open(
    connection: ConnectionOptions,
    extra: { profileId?: string; subscriptions?: Array<{ topic: string; qos: QoS }> } = {},
  ): Promise<SessionStatus> {
    const sessionId = randomUUID();
    const session = new MqttSession({
      sessionId,
      connection,
      ...(extra.profileId ? { profileId: extra.profileId } : {}),
      onStatus: (status) => {
        if (status.state === 'closed') this.sessions.delete(sessionId);
        this.options.onStatus(status);
      },
      onFrame: this.options.onFrame,
      ...(this.options.connect ? { connect: this.options.connect } : {}),
      ...(this.options.frameIntervalMs ? { frameIntervalMs: this.options.frameIntervalMs } : {}),
      ...(this.options.maxRecordsPerFrame ? { maxRecordsPerFrame: this.options.maxRecordsPerFrame } : {}),
      ...(this.options.truncateBytes ? { truncateBytes: this.options.truncateBytes } : {}),
    });
    this.sessions.set(sessionId, session);
    try {
      return await session.start(extra.subscriptions ?? []);
    } catch (error) {
      this.sessions.delete(sessionId);
      await session.close().catch(() => undefined);
      throw error;
    }
  }

  get(sessionId: string): MqttSession {
    const session = this.sessions.get(sessionId);
    if (!session) {
      throw new AppError('NOT_FOUND', `No MQTT session ${sessionId}: it was closed. Connect again.`);
    }
    return session;
  }

  list(): SessionStatus[] {
    return [...this.sessions.values()].map((s) => s.status());
  }

  async close(sessionId: string): Promise<void> {
    await this.get(sessionId).close();
    this.sessions.delete(sessionId);
  }

  async publish(sessionId: string, input: PublishInput): Promise<{ recordId: number; queued: boolean }> {
    return this.get(sessionId).publish(input);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
    this.sessions.clear();
  }
}
