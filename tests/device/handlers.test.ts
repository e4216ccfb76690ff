import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEvents } from '../../shared/api/device';
import { DeviceManager } from '../../electron/device/manager';
import { createDeviceHandlers } from '../../electron/handlers/device';
import type { CallContext } from '../../electron/ipc/types';
import { deviceCalls } from '../../shared/api/device';
import { nativeBinding, startSimPty, type SimPty } from './sim-pty';

const ctx: CallContext = { shell: 'web', clientId: 'test' };

describe('device handlers (the contract the UI calls)', () => {
  let pty: SimPty;
  let manager: DeviceManager;
  const progress: DeviceEvents['device.progress'][] = [];

  beforeAll(async () => {
    pty = await startSimPty({ firmware: 'legacy', rawPaste: 'refuse' });
    manager = new DeviceManager({ binding: nativeBinding() });
    manager.on('device.progress', (p) => progress.push(p));
  });

  afterAll(async () => {
    await manager?.closeAll();
    await pty?.close();
  });

  it('validates requests with the zod schemas', () => {
    expect(deviceCalls.deviceList.request.safeParse({ path: pty.link, remote: 'usr' }).success).toBe(false);
    expect(deviceCalls.devicePush.request.safeParse({ path: pty.link, remote: '/usr/a' }).success).toBe(false);
    expect(deviceCalls.devicePush.request.safeParse({ path: pty.link, remote: '/usr/a', data: 'x' }).success).toBe(
      true,
    );
  });

  it('opens, pushes text with progress events, lists, reads, and closes', async () => {
    const h = createDeviceHandlers({ manager, resolveLocal: () => Promise.reject(new Error('no local files here')) });
    const info = await h.deviceOpen({ path: pty.link }, ctx);
    expect(info).toMatchObject({ path: pty.link, state: 'connected', baudRate: 115200 });
    const text = 'print("from the editor")\n'.repeat(200);
    const pushed = await h.devicePush({ path: pty.link, remote: '/usr/ed.py', data: text, operationId: 'op-1' }, ctx);
    expect(pushed.bytes).toBe(text.length);
    expect(progress.filter((p) => p.operationId === 'op-1').at(-1)).toMatchObject({
      done: true,
      bytesDone: text.length,
      kind: 'push',
    });
    expect(await h.deviceList({ path: pty.link, remote: '/usr' }, ctx)).toEqual([
      { path: '/usr/ed.py', name: 'ed.py', type: 'file', size: text.length },
    ]);
    const read = await h.deviceRead({ path: pty.link, remote: '/usr/ed.py' }, ctx);
    expect(new TextDecoder().decode(read.data)).toBe(text);
    expect(await h.deviceSessions({}, ctx)).toHaveLength(1);
    await h.deviceClose({ path: pty.link }, ctx);
    await expect(
      Promise.resolve().then(() => h.deviceList({ path: pty.link, remote: '/usr' }, ctx)),
    ).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });
});
