import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isNavigationAllowed, secureWebPreferences } from '../../electron/main/security';

describe('Electron hardening', () => {
  it('turns on context isolation and the sandbox, and Node off everywhere', () => {
    expect(secureWebPreferences('/x/preload.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
  });

  it('allows navigation only to the app page itself', () => {
    const app = 'file:///opt/qpy/dist/renderer/index.html';
    expect(isNavigationAllowed(app, app)).toBe(true);
    expect(isNavigationAllowed('https://example.com/', app)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', app)).toBe(false);
    expect(isNavigationAllowed('not a url', app)).toBe(false);
  });

  it('only the shell and the IPC adapter import electron; the preload exposes no ipcRenderer', () => {
    const preload = readFileSync(new URL('../../electron/preload/preload.ts', import.meta.url), 'utf8');
    expect(preload).toMatch(/exposeInMainWorld\('qpy', api\)/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    const main = readFileSync(new URL('../../electron/main/main.ts', import.meta.url), 'utf8');
    expect(main).toContain('requestSingleInstanceLock');
    expect(main).toContain('setWindowOpenHandler');
    expect(main).toContain("'Content-Security-Policy'");
  });
});
