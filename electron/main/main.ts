import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY } from '../../shared/security';
import { createBackend, type Backend } from '../backend';
import { isAllowedExternalUrl } from '../handlers/app';
import { createIpcCallHandler, makeSenderCheck } from '../ipc/adapter';
import { nativePicker } from './native-picker';
import { createSafeStorageBox } from './safe-storage-box';
import { APP_SCHEME_PRIVILEGES, resolveAppRequest } from './app-protocol';
import {
  chooseSecretStorage,
  isNavigationAllowed,
  isPermissionAllowed,
  originOf,
  secureWebPreferences,
} from './security';
import { runStart } from './start-guard';

const rendererDir = join(__dirname, '..', 'dist', 'renderer');
// The UI is served from app://qpy (a privileged standard scheme), not file://: one origin, the CSP as a header.
const rendererUrl = new URL(`${APP_ORIGIN}/index.html`);
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
let mainWindow: BrowserWindow | null = null;
let backend: Backend | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.on('will-redirect', (e, url) => {
      if (!isNavigationAllowed(url, rendererUrl.href)) e.preventDefault();
    });
    contents.on('will-navigate', (e, url) => {
      if (!isNavigationAllowed(url, rendererUrl.href)) e.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void backend?.close());
  void app.whenReady().then(() =>
    runStart(start, {
      showError: (title, content) => dialog.showErrorBox(title, content),
      log: (line) => console.error(line),
      quit: () => app.exit(1),
    }),
  );
}

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = resolveAppRequest(request.url, rendererDir);
    if (answer.status !== 200) return new Response('Not found', { status: 404, headers: answer.headers });
    const file = await net.fetch(pathToFileURL(answer.file).href).catch(() => undefined);
    if (!file?.ok) return new Response('Not found', { status: 404, headers: answer.headers });
    const headers = new Headers(file.headers);
    for (const [name, value] of Object.entries(answer.headers)) headers.set(name, value);
    return new Response(file.body, { status: 200, headers });
  });
  session.defaultSession.setPermissionCheckHandler((_wc, permission, origin) =>
    isPermissionAllowed(permission, origin),
  );
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback) =>
    callback(isPermissionAllowed(permission, originOf(wc.getURL()))),
  );
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  const storage = chooseSecretStorage({
    platform: process.platform,
    available: safeStorage.isEncryptionAvailable(),
    ...(process.platform === 'linux' ? { backend: safeStorage.getSelectedStorageBackend() } : {}),
  });
  if (storage.notice) console.warn(`[qpy] ${storage.notice}`);
  backend = await createBackend({
    shell: 'electron',
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    versions: {
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
    },
    osEncryption: storage.useOs,
    ...(storage.useOs ? { secretBox: createSafeStorageBox() } : {}),
    ...(storage.notice ? { secretStorageNotice: storage.notice } : {}),
    openExternal: (url) => shell.openExternal(url),
    picker: nativePicker,
  });

  const isTrustedSender = makeSenderCheck(
    (url) => originOf(url.href) === APP_ORIGIN && url.pathname === rendererUrl.pathname,
  );
  ipcMain.handle('qpy:call', createIpcCallHandler({ dispatch: backend.dispatch, isTrustedSender }));

  mainWindow = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'QPY Studio',
    show: false,
    icon: join(__dirname, '..', 'assets', 'icon.png'),
    webPreferences: secureWebPreferences(join(__dirname, 'preload.cjs')),
  });
  const window = mainWindow;
  const unsubscribe = backend.events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send('qpy:event', name, payload);
  });
  window.on('closed', () => {
    unsubscribe();
    mainWindow = null;
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(rendererUrl.href);
}
