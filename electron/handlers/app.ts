import type { appCalls } from '../../shared/api/app';
import { AppError } from '../../shared/errors';
import type { DomainHandlers } from '../ipc/types';
import type { PortsService } from '../services/ports';
import type { SettingsStore } from '../services/settings';
import type { AppInfo } from '../../shared/api/app';

/** Hosts the app may open in the system browser. */
const EXTERNAL_LINK_ALLOW_LIST = [
  'python.quectel.com',
  'developer.quectel.com',
  'www.quectel.com',
  'docs.micropython.org',
  'help.aliyun.com',
  'open.iot.10086.cn',
  'support.huaweicloud.com',
  'cloud.tencent.com',
  'github.com',
];

export const isAllowedExternalUrl = (raw: string): boolean => {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && EXTERNAL_LINK_ALLOW_LIST.includes(url.hostname);
  } catch {
    return false;
  }
};

interface AppHandlerDeps {
  appInfo: () => AppInfo;
  ports: PortsService;
  settings: SettingsStore;
  /** Opens a URL in the system browser (Electron shell.openExternal, or a browser-mode no-op that reports it). */
  openExternal: (url: string) => Promise<void>;
}

export const createAppHandlers = (deps: AppHandlerDeps): DomainHandlers<keyof typeof appCalls> => ({
  appInfo: () => deps.appInfo(),
  portsList: () => deps.ports.list(),
  portsRemember: ({ path }) => deps.settings.rememberPort(path),
  portsForget: ({ path }) => deps.settings.forgetPort(path),
  settingsGet: () => ({ brokerLan: deps.settings.get().brokerLan }),
  settingsUpdate: async ({ brokerLan }) => {
    const next = await deps.settings.update(brokerLan === undefined ? {} : { brokerLan });
    return { brokerLan: next.brokerLan };
  },
  openExternal: async ({ url }) => {
    if (!isAllowedExternalUrl(url)) {
      throw new AppError(
        'FORBIDDEN',
        `Links to ${new URL(url).hostname} are not opened; only documentation sites on the allow-list are.`,
      );
    }
    await deps.openExternal(url);
  },
});
