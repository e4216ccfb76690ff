import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceManager } from '../../electron/device/manager';
import { createFileProbeCache } from '../../electron/device/probe-cache';
import { ReplProtocol } from '../../electron/device/protocol';
import { createSimBinding, type SimFirmware } from '../../electron/sim';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** A fresh "process": its own manager, sharing only the data folder (and the modules when `binding` is given). */
const session = async (dataDir: string, firmware: SimFirmware, binding = createSimBinding()) => {
  const manager = new DeviceManager({ binding, probeCache: createFileProbeCache(dataDir) });
  cleanups.push(() => binding.reset());
  cleanups.push(() => manager.closeAll());
  const path = `sim://ec600n-${firmware}`;
  await manager.open(path);
  return { files: manager.files(path), session: manager.session(path), close: () => manager.closeAll() };
};

/** Processes one after the other on the same simulated modules. */
const processes = (dataDir: string) => {
  const binding = createSimBinding();
  let previous: (() => Promise<void>) | undefined;
  return async (firmware: SimFirmware) => {
    await previous?.();
    const next = await session(dataDir, firmware, binding);
    previous = next.close;
    return next;
  };
};

type CacheFile = { entries: Record<string, { caps: { machine: string } }>; ports?: Record<string, string> };
const readCache = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'module-probes.json'), 'utf8')) as CacheFile;

describe('probe cache in the data folder', () => {
  it('a second process skips the probe for the same firmware, and probes a changed firmware afresh', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qpy-probe-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));

    const first = await session(dir, 'modern');
    const info = await first.files.info();
    const probedWire = first.session.bytesWritten;
    const cache = await readCache(dir);
    const identities = Object.keys(cache.entries);
    expect(identities).toHaveLength(1);
    expect(identities[0]).toMatch(/EC600N/);
    expect(cache.entries[identities[0]!]!.caps.machine).toBe(info.machine);

    // Mark the cached answer: a session that shows the mark used the cache instead of probing.
    cache.entries[identities[0]!]!.caps.machine = 'FROM THE CACHE';
    await writeFile(join(dir, 'module-probes.json'), JSON.stringify(cache));
    const second = await session(dir, 'modern');
    expect((await second.files.info()).machine).toBe('FROM THE CACHE');
    expect(second.session.bytesWritten).toBeLessThan(probedWire / 2);

    // Another firmware (its uname differs): probed, and cached beside the first.
    const legacy = await session(dir, 'legacy');
    expect(await legacy.files.info()).toMatchObject({ firmware: 'legacy', machine: info.machine });
    expect(Object.keys((await readCache(dir)).entries)).toHaveLength(2);
  });

  it('a damaged cache file counts as empty: the module is probed and the file rewritten', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qpy-probe-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'module-probes.json'), '{"version":1,"entries":{"x":{"caps":1}}');
    const { files } = await session(dir, 'modern');
    expect((await files.info()).firmware).toBe('modern');
    expect(Object.keys((await readCache(dir)).entries)).toHaveLength(1);
  });

  it("a second process's unchanged push checks the firmware and compares in one exec", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qpy-probe-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const start = processes(dir);
    const data = new TextEncoder().encode('print("same")\n'.repeat(200));
    expect((await (await start('modern')).files.push('/usr/same.py', data)).unchanged).toBe(false);

    const execs = vi.spyOn(ReplProtocol.prototype, 'exec');
    cleanups.push(async () => execs.mockRestore());
    const again = await start('modern');
    expect(await again.files.push('/usr/same.py', data)).toMatchObject({ unchanged: true, verified: 'sha256' });
    expect(execs).toHaveBeenCalledTimes(1);
    execs.mockClear();
    const changed = await (await start('modern')).files.push('/usr/same.py', data.slice(1));
    expect(changed.unchanged).toBe(false);
    expect(execs.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("a second process's changed push identifies, compares and opens in one exec, then sends full execs of data", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qpy-probe-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const start = processes(dir);
    await (await start('modern')).files.push('/usr/blob.bin', new Uint8Array(randomBytes(32 * 1024)));

    const execs = vi.spyOn(ReplProtocol.prototype, 'exec');
    cleanups.push(async () => execs.mockRestore());
    for (const force of [false, true]) {
      execs.mockClear();
      const next = await start('modern');
      const data = new Uint8Array(randomBytes(32 * 1024));
      expect((await next.files.push('/usr/blob.bin', data, { force })).unchanged).toBe(false);
      // 32 KiB as 8-bit literals is about 34 KB: three execs of at most 12 KB, the last also verifying and renaming.
      expect(execs).toHaveBeenCalledTimes(1 + 3);
      expect(await next.files.read('/usr/blob.bin')).toEqual(data);
    }
  });

  it('another firmware at the port the cache last saw is found out: probed, pushed and verified its own way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qpy-probe-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const start = processes(dir);
    await (await start('modern')).files.info();
    const cache = await readCache(dir);
    const modernIdentity = cache.ports?.['sim://ec600n-modern'];
    expect(modernIdentity).toMatch(/EC600N/);
    // As if the modern module had been on the legacy module's port last time.
    cache.ports = { 'sim://ec600n-legacy': modernIdentity! };
    await writeFile(join(dir, 'module-probes.json'), JSON.stringify(cache));

    const data = new TextEncoder().encode('x = 1\n'.repeat(300));
    const legacy = await start('legacy');
    const pushed = await legacy.files.push('/usr/legacy.py', data);
    expect(pushed.unchanged).toBe(false);
    expect((await legacy.files.info()).firmware).toBe('legacy');
    expect(await legacy.files.read('/usr/legacy.py')).toEqual(data);
    const legacyIdentity = (await readCache(dir)).ports?.['sim://ec600n-legacy'];
    expect(legacyIdentity).toBeDefined();
    expect(legacyIdentity).not.toBe(modernIdentity);
    expect((await (await start('legacy')).files.push('/usr/legacy.py', data)).unchanged).toBe(true);
  });
});
