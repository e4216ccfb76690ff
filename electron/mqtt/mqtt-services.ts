import type { AppNotice } from '../../shared/api/app';
import type { EmitEvent } from '../ipc/types';
import type { BrokerLimits } from '../broker/broker-limits';
import {
  BrokerService,
  DEFAULT_BROKER_PORT,
  DEFAULT_BROKER_WS_PORT,
  type ConfigureBroker,
} from '../broker/broker-service';
import type { SecretBox } from '../services/secret-box';
import { createFileSecretBox } from '../services/secret-box';
import { ProfileStore } from './profile-store';
import { SessionManager } from './session-manager';
import type { MqttClientFactory } from './session';

interface MqttServicesOptions {
  dataDir: string;
  emit: EmitEvent;
  /** Electron passes a safeStorage-backed box; default: AES-256-GCM with a key file in dataDir. */
  secretBox?: SecretBox;
  connect?: MqttClientFactory;
  /** Start the embedded broker now (default true); a failure is reported in its status, not thrown. */
  startBroker?: boolean;
  broker?: {
    host?: string;
    port?: number;
    wsPort?: number;
    configure?: ConfigureBroker;
    emulatorName?: string;
    limits?: Partial<BrokerLimits>;
    /** Web origins besides app://qpy allowed on the WebSocket listener (the browser-mode host's). */
    wsAllowedOrigins?: () => readonly string[];
  };
}

interface MqttServices {
  profiles: ProfileStore;
  secretBox: SecretBox;
  sessions: SessionManager;
  broker: BrokerService;
  /** What the profile store had to announce (recovery from its .bak copy, TLS files it could not read), oldest first. */
  profileNotices(): AppNotice[];
  close(): Promise<void>;
}

/** Builds the MQTT side of the backend: profiles, sessions and the embedded broker, all emitting events. */
export const createMqttServices = async (options: MqttServicesOptions): Promise<MqttServices> => {
  const { emit } = options;
  const secretBox = options.secretBox ?? (await createFileSecretBox(options.dataDir));
  const profileNotices: AppNotice[] = [];
  const profiles = new ProfileStore({
    dataDir: options.dataDir,
    secretBox,
    onChange: (list) => emit('mqtt.profiles', { profiles: list }),
    onNotice: (message, kind) => profileNotices.push({ kind, message }),
  });
  // Read the profiles now, so a recovery from .bak or an unreadable TLS file is announced at start rather than at
  // the first listing; TLS files read from a profile's old paths are saved into it.
  await profiles.saveMigratedTls().catch(() => undefined);
  const sessions = new SessionManager({
    onStatus: (status) => emit('mqtt.status', status),
    onFrame: (frame) => emit('mqtt.messages', frame),
    ...(options.connect ? { connect: options.connect } : {}),
  });
  const broker = new BrokerService({
    dataDir: options.dataDir,
    port: options.broker?.port ?? DEFAULT_BROKER_PORT,
    wsPort: options.broker?.wsPort ?? DEFAULT_BROKER_WS_PORT,
    onStatus: (status) => emit('broker.status', status),
    ...(options.broker?.host ? { host: options.broker.host } : {}),
    ...(options.broker?.configure ? { configure: options.broker.configure } : {}),
    ...(options.broker?.emulatorName ? { emulatorName: options.broker.emulatorName } : {}),
    ...(options.broker?.limits ? { limits: options.broker.limits } : {}),
    ...(options.broker?.wsAllowedOrigins ? { wsAllowedOrigins: options.broker.wsAllowedOrigins } : {}),
  });
  if (options.startBroker ?? true) await broker.start().catch(() => undefined);
  return {
    profiles,
    profileNotices: () => [...profileNotices],
    secretBox,
    sessions,
    broker,
    async close() {
      await sessions.closeAll();
      await broker.stop();
    },
  };
};
