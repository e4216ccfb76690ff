import { z } from 'zod';
import { call } from './define';

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' inside the desktop shell, 'web' in browser mode. */
  shell: 'electron' | 'web';
  platform: string;
  versions: Record<string, string>;
  /** Where settings and profiles are kept. */
  dataDir: string;
  /** True when secrets are encrypted with the OS keychain (Electron safeStorage). */
  osEncryption: boolean;
  /**
   * Where saved secrets' key lives: the OS keychain, or a key file in the data folder (outside Electron, or where
   * the OS offers no real keychain). `notice` is what the user must know (a damaged key replaced, plain-text store).
   */
  secretStorage?: { kind: 'os' | 'keyfile'; notice?: string };
  /** What happened at start that the user must hear about: a replaced secret key, profiles recovered from .bak. */
  notices?: AppNotice[];
}

export interface AppNotice {
  /** 'tlsFiles': a profile's certificate or key file, saved by path, could not be read: choose it again. */
  kind: 'secrets' | 'profiles' | 'tlsFiles';
  /** The backend's own words (English), shown under the translated summary. */
  message: string;
}

/** What a serial port is for, as far as we can tell from its USB descriptors. */
export type PortRole = 'repl' | 'at' | 'modem' | 'dm' | 'nmea' | 'other' | 'unknown';

export interface PortInfo {
  /** What to pass to open: '/dev/ttyUSB3', 'COM7', or 'sim://ec600n-modern' for the built-in simulator. */
  path: string;
  /** Human label, e.g. 'Quectel EC600N — REPL' or 'Simulated EC600N (QuecPython)'. */
  label: string;
  kind: 'usb' | 'simulator' | 'pty' | 'native' | 'manual';
  role: PortRole;
  /** Only REPL ports (and unknown ones) may be opened as a module's REPL. */
  selectable: boolean;
  vendorId?: string;
  productId?: string;
  interfaceNumber?: number;
  model?: string;
  manufacturer?: string;
  serialNumber?: string;
}

const empty = z.object({}).strict();

/** Settings the UI shows and changes. */
interface UiSettings {
  /** The embedded broker may listen on the network (0.0.0.0 or a LAN address), not only on this computer. */
  brokerLan: boolean;
}

export const appCalls = {
  appInfo: call(empty).returns<AppInfo>(),
  portsList: call(empty).returns<PortInfo[]>(),
  /** Remembers a port path the user typed, so it is listed next time (pseudo-terminals are never listed by the OS). */
  portsRemember: call(
    z.object({ path: z.string().trim().min(1, 'enter a port path').max(1024) }).strict(),
  ).returns<void>(),
  portsForget: call(z.object({ path: z.string().min(1).max(1024) }).strict()).returns<void>(),
  settingsGet: call(empty).returns<UiSettings>(),
  settingsUpdate: call(z.object({ brokerLan: z.boolean().optional() }).strict()).returns<UiSettings>(),
  /** Opens an http(s) URL in the system browser; only hosts on the allow-list are accepted. */
  openExternal: call(z.object({ url: z.string().url() }).strict()).returns<void>(),
};

export interface AppEvents {
  'ports.changed': { ports: PortInfo[] };
}
