import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSerialPortPath } from '../../electron/device/port-path-check';
import { withBackend } from '../shell/helpers';
import { startSimPty, type SimPty } from './sim-pty';

const web = { shell: 'web' as const, clientId: 'web-1' };

/** A caller on the socket (or a script in the page) naming a file or a disk as its "serial port". */
describe('deviceOpen opens serial ports only', () => {
  let ctx: Awaited<ReturnType<typeof withBackend>>;
  let dir: string;
  let pty: SimPty;
  beforeAll(async () => {
    ctx = await withBackend();
    dir = await mkdtemp(join(tmpdir(), 'qpy-port-'));
    await writeFile(join(dir, 'plain.txt'), 'not a port');
    await symlink('/dev/null', join(dir, 'ttyFake'));
    await symlink('/etc/passwd', join(dir, 'ttyPasswd'));
    pty = await startSimPty({ firmware: 'modern' });
  }, 60_000);
  afterAll(async () => {
    await ctx?.dispose();
    await pty?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a regular file', '/etc/passwd'],
    ['a character device that is not a terminal', '/dev/null'],
    ['a link named like a tty to a device that is not one', 'ttyFake'],
    ['a link named like a tty to a file', 'ttyPasswd'],
    ['a folder', '/tmp'],
  ])('refuses %s with PORT_NOT_SERIAL', async (_what, path) => {
    const target = path.startsWith('/') ? path : join(dir, path);
    const result = await ctx.backend.dispatch('deviceOpen', { path: target }, web);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('PORT_NOT_SERIAL');
    expect(result.error.message).toContain(target);
    expect(result.error.message).toMatch(/pick a port from the list/);
  });

  it('says PORT_NOT_FOUND for a path that does not exist', async () => {
    const result = await ctx.backend.dispatch('deviceOpen', { path: join(dir, 'ttyGone') }, web);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('PORT_NOT_FOUND');
  });

  it('opens a pseudo-terminal through its symbolic link (qpy sim --link, socat)', async () => {
    const opened = await ctx.backend.dispatch('deviceOpen', { path: pty.link }, web);
    expect(opened).toMatchObject({ ok: true, value: { path: pty.link, state: 'connected' } });
    await ctx.backend.dispatch('deviceClose', { path: pty.link }, web);
  });

  it('lets the simulator, listed ports and COM ports on Windows through', async () => {
    await expect(checkSerialPortPath('sim://ec600n-modern')).resolves.toBeUndefined();
    const listed = async () => ['/dev/weird-listed-port'];
    await expect(checkSerialPortPath('/dev/weird-listed-port', { listed })).resolves.toBeUndefined();
    await expect(checkSerialPortPath('COM7', { platform: 'win32' })).resolves.toBeUndefined();
    await expect(checkSerialPortPath('\\\\.\\COM12', { platform: 'win32' })).resolves.toBeUndefined();
    await expect(checkSerialPortPath('C:\\Windows\\win.ini', { platform: 'win32' })).rejects.toMatchObject({
      code: 'PORT_NOT_SERIAL',
    });
    await expect(checkSerialPortPath('\\\\.\\PhysicalDrive0', { platform: 'win32' })).rejects.toMatchObject({
      code: 'PORT_NOT_SERIAL',
    });
  });
});
