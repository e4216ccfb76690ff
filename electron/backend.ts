import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AppInfo } from '../shared/api/app';
import type { EventMap } from '../shared/contract';
import { DeviceManager } from './device/manager';
import { createAppHandlers } from './handlers/app';
import { createDeviceHandlers } from './handlers/device';
import { createLocalHandlers, type NativePicker } from './handlers/local';
import { FileGrants } from './local/grants';
import { createMqttHandlers } from './handlers/mqtt';
import { createCloudHandlers } from './handlers/cloud';
import { CloudEmulatorService } from './cloud/emulator-service';
import { createEmulatorExplainer } from './mqtt/emulator-explainer';
import { createMqttServices } from './mqtt/mqtt-services';
import { createDispatch, type Dispatch } from './ipc/dispatch';
import type { Handlers } from './ipc/types';
import { createEventHub, type EventHub } from './services/event-hub';
import { startPortWatcher } from './services/port-watcher';
import { createPortsService, type ListRawPorts } from './services/ports';
import { listNativePorts } from './services/serial-binding';
import { createSettingsStore } from './services/settings';
import { createSimBinding } from './sim/binding';
import { joinBindings } from './device/binding';
import { nativeSerialBinding } from './device/native-binding';
import type { SecretBox } from './services/secret-box';
import { createFileProbeCache } from './device/probe-cache';

export interface BackendOptions {
  shell: 'electron' | 'web';
  /** Where settings, profiles and the broker's retained messages live. */
  dataDir: string;
  version?: string;
  versions?: Record<string, string>;
  osEncryption?: boolean;
  /** Serial port listing; defaults to the native ports. */
  listPorts?: ListRawPorts;
  openExternal?: (url: string) => Promise<void>;
  /** The system open/save dialog (Electron); without it, browser mode's own picker is used. */
  picker?: NativePicker;
  portPollMs?: number;
  /** Encrypts saved secrets; the Electron shell passes one backed by the OS keychain, else a key file is used. */
  secretBox?: SecretBox;
  /** Why the OS keychain is not used (e.g. Linux without a keyring: safeStorage would store plain text). */
  secretStorageNotice?: string;
  /** The embedded MQTT broker: on by default on 127.0.0.1:1883 (WebSocket 8083) or the next free ports. */
  broker?: {
    start?: boolean;
    port?: number;
    wsPort?: number;
    /** Web origins besides app://qpy that may use the broker's WebSocket listener (the browser-mode host's own). */
    wsAllowedOrigins?: () => readonly string[];
  };
}

export interface Backend {
  dispatch: Dispatch;
  events: EventHub;
  close(): Promise<void>;
}

const packageVersion = (): string => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
};

/** Builds every service and the dispatcher; shared by the Electron main process and the browser-mode host. */
export const createBackend = async (options: BackendOptions): Promise<Backend> => {
  await mkdir(options.dataDir, { recursive: true });
  const events = createEventHub();
  const settings = await createSettingsStore(options.dataDir);
  // The built-in module simulator is listed with the real ports and opened through the same device link.
  const simBinding = createSimBinding();
  const listRealPorts = options.listPorts ?? listNativePorts;
  const ports = createPortsService({
    list: async () => [...(await listRealPorts()), ...(await simBinding.list())],
    manualPaths: () => settings.get().recentPorts,
  });

  const appInfo = (): AppInfo => {
    const secrets = secretNotice();
    return {
      name: 'QPY Studio',
      version: options.version ?? packageVersion(),
      shell: options.shell,
      platform: process.platform,
      versions: options.versions ?? { node: process.versions.node },
      dataDir: options.dataDir,
      osEncryption: options.osEncryption ?? false,
      secretStorage: {
        kind: mqtt.secretBox.osBacked ? 'os' : 'keyfile',
        ...(secrets ? { notice: secrets } : {}),
      },
      notices: [...(secrets ? [{ kind: 'secrets' as const, message: secrets }] : []), ...mqtt.profileNotices()],
    };
  };
  const secretNotice = (): string | undefined =>
    [options.secretStorageNotice, mqtt.secretBox.notice].filter(Boolean).join(' ') || undefined;

  const devices = new DeviceManager({
    binding: async () => joinBindings(nativeSerialBinding(), simBinding),
    emit: (event, payload) => events.emit(event, payload as EventMap[typeof event]),
    probeCache: createFileProbeCache(options.dataDir),
  });

  const mqtt = await createMqttServices({
    dataDir: options.dataDir,
    emit: events.emit,
    ...(options.secretBox ? { secretBox: options.secretBox } : {}),
    startBroker: options.broker?.start ?? true,
    broker: {
      ...(options.broker?.port === undefined ? {} : { port: options.broker.port }),
      ...(options.broker?.wsPort === undefined ? {} : { wsPort: options.broker.wsPort }),
      ...(options.broker?.wsAllowedOrigins ? { wsAllowedOrigins: options.broker.wsAllowedOrigins } : {}),
      limits: settings.get().broker,
    },
  });

  const emulators = new CloudEmulatorService(mqtt.broker, (event) => events.emit('cloud.emulator', event));
  mqtt.sessions.explainWith(createEmulatorExplainer(mqtt.broker, emulators));

  const grants = new FileGrants();
  const handlers: Handlers = {
    ...createAppHandlers({
      appInfo,
      ports,
      settings,
      openExternal: options.openExternal ?? (async () => undefined),
    }),
    ...createDeviceHandlers({
      manager: devices,
      resolveLocal: async (ref) => (await grants.resolve(ref)).path,
      listedPorts: async () => (await listRealPorts()).map((p) => p.path),
    }),
    ...createLocalHandlers({ grants, ...(options.picker ? { picker: options.picker } : {}) }),
    ...createMqttHandlers({
      ...mqtt,
      emulators,
      brokerLanAllowed: () => settings.get().brokerLan,
      resolveLocal: async (ref) => (await grants.resolve(ref)).path,
    }),
    ...createCloudHandlers({ emulators }),
  };

  const dispatch = createDispatch(handlers, {
    onInternalError: (name, error) =>
      console.error(`[qpy] ${name} failed:`, error instanceof Error ? error.stack : error),
  });

  const watcher = startPortWatcher({
    list: () => ports.list(),
    emit: events.emit,
    isWanted: () => events.listenerCount > 0,
    ...(options.portPollMs ? { intervalMs: options.portPollMs } : {}),
  });

  return {
    dispatch,
    events,
    async close() {
      watcher.stop();
      await devices.closeAll().catch(() => undefined);
      await simBinding.reset().catch(() => undefined);
      await mqtt.close().catch(() => undefined);
    },
  };
};
