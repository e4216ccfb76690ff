import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AppInfo } from '../shared/api/app';
import { createAppHandlers } from './handlers/app';
import { createLocalHandlers } from './handlers/local';
import { createDispatch, type Dispatch } from './ipc/dispatch';
import type { Handlers } from './ipc/types';
import { createEventHub, type EventHub } from './services/event-hub';
import { startPortWatcher } from './services/port-watcher';
import { createPortsService, type ListRawPorts } from './services/ports';
import { listNativePorts } from './services/serial-binding';
import { createSettingsStore } from './services/settings';

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
  portPollMs?: number;
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
  const ports = createPortsService({
    list: options.listPorts ?? listNativePorts,
    manualPaths: () => settings.get().recentPorts,
  });

  const appInfo = (): AppInfo => ({
    name: 'QPY Studio',
    version: options.version ?? packageVersion(),
    shell: options.shell,
    platform: process.platform,
    versions: options.versions ?? { node: process.versions.node },
    dataDir: options.dataDir,
    osEncryption: options.osEncryption ?? false,
  });

  const handlers: Handlers = {
    ...createAppHandlers({
      appInfo,
      ports,
      settings,
      openExternal: options.openExternal ?? (async () => undefined),
    }),
    ...createLocalHandlers(),
  };

  const dispatch = createDispatch(handlers, {
    onInternalError: (name, error) => console.error(`[qpy] ${name} failed:`, error instanceof Error ? error.stack : error),
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
    },
  };
};
