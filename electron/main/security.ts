/** Electron security settings, kept free of `electron` imports so tests can check them under plain Node. */

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
