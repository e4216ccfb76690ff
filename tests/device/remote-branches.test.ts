import { afterEach, describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../electron/device/bytes';
import { DeviceManager } from '../../electron/device/manager';
import { createSimBinding, type SimFirmware, type SimHideable } from '../../electron/sim';

/**
 * Firmware without sha256, crc32, ilistdir, statvfs or uzlib (the simulator's `hide` option): every fallback
 * branch of remote-scripts.ts runs against a real interpreter.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const open = async (firmware: SimFirmware, hide: SimHideable[]) => {
  const binding = createSimBinding({ simulatorOptions: () => ({ hide }) });
  const manager = new DeviceManager({ binding });
  cleanups.push(() => binding.reset());
  cleanups.push(() => manager.closeAll());
  const path = `sim://ec600n-${firmware}`;
  await manager.open(path);
  return { files: manager.files(path), sim: binding.simulatorFor(path)! };
};

const source = utf8(Array.from({ length: 300 }, (_, i) => `v${i} = ${i} * 2  # 数据\n`).join(''));
const binary = Uint8Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24);

describe.each<{ firmware: SimFirmware; hide: SimHideable[]; hash: string; inflate: string | null }>([
  { firmware: 'modern', hide: ['sha256'], hash: 'crc32', inflate: 'uzlib' },
  { firmware: 'modern', hide: ['sha256', 'crc32', 'ilistdir', 'statvfs', 'uzlib'], hash: 'adler32', inflate: 'zlib' },
  { firmware: 'legacy', hide: ['sha256', 'crc32', 'ilistdir', 'statvfs', 'uzlib'], hash: 'adler32', inflate: null },
])('remote scripts on $firmware firmware without $hide', ({ firmware, hide, hash, inflate }) => {
  it('probes the fallbacks, pushes verified, lists, syncs by hash and reads back', async () => {
    const { files, sim } = await open(firmware, hide);
    const info = await files.info();
    expect(info).toMatchObject({ firmware, hash, inflate });

    const pushed = await files.push('/usr/src.py', source);
    expect(pushed).toMatchObject({ verified: hash, compressed: inflate !== null });
    await files.push('/usr/data.bin', binary);
    expect(Buffer.from(sim.readFile('/usr/src.py')!).equals(Buffer.from(source))).toBe(true);
    expect(Buffer.from(await files.read('/usr/data.bin')).equals(Buffer.from(binary))).toBe(true);

    await files.mkdir('/usr/lib/sub');
    const tree = await files.list('/usr', { recursive: true });
    expect(tree.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: '/usr/data.bin', name: 'data.bin', type: 'file', size: binary.length },
      { path: '/usr/lib', name: 'lib', type: 'dir', size: 0 },
      { path: '/usr/lib/sub', name: 'sub', type: 'dir', size: 0 },
      { path: '/usr/src.py', name: 'src.py', type: 'file', size: source.length },
    ]);
    const hashes = await files.session.withRawRepl('hash', {}, (repl) =>
      files.hashesIn(repl, ['/usr/src.py', '/usr/missing.py']),
    );
    expect(hashes.get('/usr/src.py')).toEqual({ size: source.length, digest: expect.any(String) as string });
    expect(hashes.get('/usr/missing.py')).toEqual({ size: -1, digest: '' });
    expect(fromUtf8(sim.readFile('/usr/src.py')!)).toContain('v299');
  });

  it('free space: read with statvfs, or a clear error without it', async () => {
    const { files } = await open(firmware, hide);
    if (hide.includes('statvfs')) {
      await expect(files.free('/usr')).rejects.toMatchObject({
        code: 'DEVICE_PROTOCOL',
        message: expect.stringMatching(/no uos\.statvfs/) as string,
      });
    } else {
      expect((await files.free('/usr')).free).toBeGreaterThan(0);
    }
  });
});
