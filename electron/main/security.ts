/** Electron security settings, kept free of `electron` imports so tests can check them under plain Node. */
import { APP_ORIGIN } from '../../shared/security';

export const secureWebPreferences = (preloadPath: string) => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
});

/** The app never navigates away from its own page; everything else is denied. */
export const isNavigationAllowed = (target: string, appPage: string): boolean => {
  try {
    const a = new URL(target);
    const b = new URL(appPage);
    return a.protocol === b.protocol && a.pathname === b.pathname && a.host === b.host;
  } catch {
    return false;
  }
};

/** The one permission the UI uses: writing to the clipboard (copy buttons), from the app's own page. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** For session.setPermissionCheckHandler / setPermissionRequestHandler: everything else is denied. */
export const isPermissionAllowed = (permission: string, origin: string | undefined): boolean =>
  ALLOWED_PERMISSIONS.has(permission) && origin !== undefined && origin.replace(/\/$/, '') === APP_ORIGIN;

interface SafeStorageFacts {
  platform: string;
  /** safeStorage.isEncryptionAvailable() */
  available: boolean;
  /** Linux: safeStorage.getSelectedStorageBackend() */
  backend?: string;
}

/**
 * Whether saved secrets may use safeStorage. On Linux without a keyring Electron falls back to 'basic_text',
 * a hard-coded key: that is not OS encryption, so the data-folder key file is used and the status says why.
 */
export const chooseSecretStorage = (facts: SafeStorageFacts): { useOs: boolean; notice?: string } => {
  if (!facts.available)
    return {
      useOs: false,
      notice: 'The operating system offers no keychain here; secrets are encrypted with a key file in the data folder.',
    };
  if (facts.platform === 'linux' && (facts.backend === 'basic_text' || facts.backend === 'unknown'))
    return {
      useOs: false,
      notice:
        `No desktop keyring was found (Electron safeStorage backend "${facts.backend}" stores secrets with a fixed key); ` +
        'secrets are encrypted with a key file in the data folder instead. Install and unlock GNOME Keyring or KWallet to use the OS keyring.',
    };
  return { useOs: true };
};

/** scheme://host of a URL as Chromium names it (Node's URL gives "null" as the origin of custom schemes). */
export const originOf = (url: string): string | undefined => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
};
