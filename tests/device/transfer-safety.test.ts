import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../electron/device/bytes';
import { DeviceManager } from '../../electron/device/manager';
import { createDeviceHandlers } from '../../electron/handlers/device';
import { FileGrants } from '../../electron/local/grants';
import type { CallContext } from '../../electron/ipc/types';
import { createSimBinding, type SimBinding } from '../../electron/sim';

const PORT = 'sim://ec600n-modern';
const ctx: CallContext = { shell: 'web', clientId: 'test' };

describe('push targets and temp files', () => {
  let binding: SimBinding;
  let manager: DeviceManager;
  let local: string;
  const sim = () => binding.simulatorFor(PORT)!;
  const files = () => manager.files(PORT);

  beforeAll(async () => {
    binding = createSimBinding({
      simulatorOptions: () => ({ files: { '/usr/notes.qpytmp': 'my own notes', '/usr/.app.py.qpytmp': 'mine too' } }),
    });
    manager = new DeviceManager({ binding });
    await manager.open(PORT);
    local = await mkdtemp(join(tmpdir(), 'qpy-push-'));
  });
  afterAll(async () => {
    await manager?.closeAll();
    await binding?.reset();
    if (local) await rm(local, { recursive: true, force: true });
  });

  it('a target ending in "/" is a folder: a clear BAD_REQUEST, not "storage full: 0 bytes free"', async () => {
    const error = await files()
      .push('/usr/', utf8('x'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect((error as Error).message).toMatch(/names a folder, not a file.*\/usr\/main\.py/);
    expect((error as Error).message).not.toMatch(/storage full/i);
  });

  it('an existing folder as the target is CONFLICT, and nothing is written', async () => {
    await files().mkdir('/usr/lib');
    const before = sim().listFiles();
    const error = await files()
      .push('/usr/lib', utf8('x'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect((error as Error).message).toMatch(/\/usr\/lib is a folder on the module, not a file/);
    expect(sim().listFiles()).toEqual(before);
  });

  it('devicePush of a local file into "/usr/" lands under the file\'s own name (like mpremote cp x :/usr/)', async () => {
    const file = join(local, 'sensor.py');
    await writeFile(file, 'print("sensor")\n');
    const grants = new FileGrants();
    const folder = await grants.add('folder', local);
    const h = createDeviceHandlers({ manager, resolveLocal: async (ref) => (await grants.resolve(ref)).path });
    const result = await h.devicePush(
      { path: PORT, remote: '/usr/', local: { grant: folder.id, relPath: 'sensor.py' } },
      ctx,
    );
    expect(result.remote).toBe('/usr/sensor.py');
    expect(fromUtf8(sim().readFile('/usr/sensor.py')!)).toBe('print("sensor")\n');
  });

  it("a user's own *.qpytmp files survive listing and pushing, even next to the file pushed", async () => {
    await files().push('/usr/app.py', utf8('print(1)\n'));
    await files().push('/usr/app.py', utf8('print(2)\n'));
    const names = (await files().list('/usr')).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['notes.qpytmp', '.app.py.qpytmp', 'app.py']));
    expect(fromUtf8(sim().readFile('/usr/notes.qpytmp')!)).toBe('my own notes');
    expect(fromUtf8(sim().readFile('/usr/.app.py.qpytmp')!)).toBe('mine too');
  });

  it('when the rename fails after the old file is gone, the verified temp file is kept and named', async () => {
    await files().push('/usr/cfg.json', utf8('{"v":1}'));
    await files().exec(
      'import os\n_rename = os.rename\ndef _broken(a, b):\n    raise OSError(5)\nos.rename = _broken\n',
    );
    const restore = () => files().exec('import os\nos.rename = _rename\n');
    try {
      const error = await files()
        .push('/usr/cfg.json', utf8('{"v":2}'))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CONFLICT' });
      const kept = (error as { detail: { kept: string } }).detail.kept;
      expect(kept).toMatch(/^\/usr\/\.cfg\.json\.[0-9a-f]{12}\.qpytmp$/);
      expect((error as Error).message).toContain(`kept as ${kept}`);
      expect(fromUtf8(sim().readFile(kept)!)).toBe('{"v":2}');
      // Neither a listing nor the next push of another file deletes the only copy.
      await restore();
      await files().list('/usr');
      await files().push('/usr/other.txt', utf8('o'));
      expect(fromUtf8(sim().readFile(kept)!)).toBe('{"v":2}');
    } finally {
      await restore();
    }
  });

  it('skips a file the module already holds byte for byte ("unchanged"), unless forced', async () => {
    const data = new Uint8Array(randomBytes(20_000));
    const first = await files().push('/usr/same.bin', data);
    expect(first.unchanged).toBe(false);
    const second = await files().push('/usr/same.bin', data);
    expect(second).toMatchObject({ unchanged: true, bytes: data.length, verified: 'sha256' });
    expect(second.wireBytes).toBeLessThan(first.wireBytes / 5);
    const forced = await files().push('/usr/same.bin', data, { force: true });
    expect(forced.unchanged).toBe(false);
    expect(forced.wireBytes).toBeGreaterThan(data.length);
    // Same size, other bytes: sent.
    const changed = data.slice();
    changed[10_000] = changed[10_000]! ^ 0xff;
    expect((await files().push('/usr/same.bin', changed)).unchanged).toBe(false);
    expect(Buffer.from(sim().readFile('/usr/same.bin')!).equals(Buffer.from(changed))).toBe(true);
  });
});
