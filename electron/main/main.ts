import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { createBackend, type Backend } from '../backend';
import { isAllowedExternalUrl } from '../handlers/app';
import { createIpcCallHandler, makeSenderCheck } from '../ipc/adapter';
import { nativePicker } from './native-picker';
import { createSafeStorageBox } from './safe-storage-box';
import { isNavigationAllowed, secureWebPreferences } from './security';
import { runStart } from './start-guard';

const rendererIndex = join(__dirname, '..', 'dist', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex);
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
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  backend = await createBackend({
    shell: 'electron',
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    versions: {
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
    },
    osEncryption: safeStorage.isEncryptionAvailable(),
    secretBox: createSafeStorageBox(),
    openExternal: (url) => shell.openExternal(url),
    picker: nativePicker,
  });

  const isTrustedSender = makeSenderCheck((url) => url.protocol === 'file:' && url.pathname === rendererUrl.pathname);
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
  await window.loadFile(rendererIndex);
}
