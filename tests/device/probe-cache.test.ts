import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceManager } from '../../electron/device/manager';
import { createFileProbeCache } from '../../electron/device/probe-cache';
import { createSimBinding, type SimFirmware } from '../../electron/sim';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** A fresh "process": its own simulator binding and manager, sharing only the data folder. */
const session = async (dataDir: string, firmware: SimFirmware) => {
  const binding = createSimBinding();
  const manager = new DeviceManager({ binding, probeCache: createFileProbeCache(dataDir) });
  cleanups.push(() => binding.reset());
  cleanups.push(() => manager.closeAll());
  const path = `sim://ec600n-${firmware}`;
  await manager.open(path);
  return { files: manager.files(path), session: manager.session(path) };
};

type CacheFile = { entries: Record<string, { caps: { machine: string } }> };
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
});
