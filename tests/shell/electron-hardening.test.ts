import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../../shared/security';
import { resolveAppRequest } from '../../electron/main/app-protocol';
import { chooseSecretStorage, isPermissionAllowed, originOf } from '../../electron/main/security';

const root = join(process.cwd());

describe('Electron hardening (the pieces, under Node)', () => {
  it('electron-builder sets the fuses', () => {
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?: {2}.+\n)+)/m.exec(yml)?.[1] ?? '';
    const fuses = Object.fromEntries(
      block
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/:\s*/) as [string, string]),
    );
    expect(fuses).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it("the CSP meta tag in renderer/index.html is shared/security.ts's policy (frame-ancestors only in the header)", () => {
    const html = readFileSync(join(root, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY_META);
    expect(CONTENT_SECURITY_POLICY).toBe(`${CONTENT_SECURITY_POLICY_META}; frame-ancestors 'none'`);
  });

  it('app:// serves only files inside dist/renderer, with the CSP header', () => {
    const dir = '/opt/qpy/dist/renderer';
    expect(resolveAppRequest('app://qpy/index.html', dir)).toEqual({
      status: 200,
      file: join(dir, 'index.html'),
      headers: expect.objectContaining({ 'Content-Security-Policy': CONTENT_SECURITY_POLICY }),
    });
    expect(resolveAppRequest('app://qpy/', dir)).toMatchObject({ status: 200, file: join(dir, 'index.html') });
    expect(resolveAppRequest('app://qpy/assets/index-abc.js?x=1#y', dir)).toMatchObject({
      file: join(dir, 'assets/index-abc.js'),
    });
    // The URL parser already folds a plain ../ into the path: it stays inside the folder.
    for (const folded of ['app://qpy/../../etc/passwd', 'app://qpy/%2e%2e/%2e%2e/etc/passwd'])
      expect(resolveAppRequest(folded, dir)).toMatchObject({ file: join(dir, 'etc/passwd') });
    for (const bad of [
      'app://qpy/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://qpy/..%5c..%5cwindows%5cwin.ini',
      'app://qpy/%00index.html',
      'app://qpy/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(resolveAppRequest(bad, dir).status, bad).toBe(404);
  });

  it('denies every permission except clipboard writing from the app itself', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(originOf('app://qpy/index.html')).toBe(APP_ORIGIN);
    expect(isPermissionAllowed('clipboard-sanitized-write', originOf('app://qpy/index.html'))).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'serial', 'hid', 'usb', 'openExternal', 'clipboard-read'])
      expect(isPermissionAllowed(p, APP_ORIGIN), p).toBe(false);
  });

  it('Linux safeStorage on basic_text is not OS encryption: the key-file box is used and the status says why', () => {
    const linuxPlain = chooseSecretStorage({ platform: 'linux', available: true, backend: 'basic_text' });
    expect(linuxPlain.useOs).toBe(false);
    expect(linuxPlain.notice).toMatch(/basic_text/);
    expect(chooseSecretStorage({ platform: 'linux', available: true, backend: 'gnome_libsecret' })).toEqual({
      useOs: true,
    });
    expect(chooseSecretStorage({ platform: 'darwin', available: true })).toEqual({ useOs: true });
    expect(chooseSecretStorage({ platform: 'win32', available: false }).useOs).toBe(false);
  });
});
