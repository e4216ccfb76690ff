import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../electron/device/bytes';
import type { ProgressTick } from '../../electron/device/files';
import { DeviceManager } from '../../electron/device/manager';
import type { AppError } from '../../shared/errors';
import type { DeviceEvents } from '../../shared/api/device';
import { nativeBinding, startSimPty, unplugOnAnswer, type SimPty } from './sim-pty';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const setup = async (
  options: Parameters<typeof startSimPty>[0],
  managerOptions: Partial<ConstructorParameters<typeof DeviceManager>[0]> = {},
) => {
  const pty = await startSimPty(options);
  const manager = new DeviceManager({ binding: nativeBinding(), ...managerOptions });
  cleanups.push(() => pty.close());
  cleanups.push(() => manager.closeAll());
  return { pty, manager };
};

const randomBytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 24);

/**
 * A push's progress listener that calls `act` inside the push's second exec: once the first file data is on the
 * module (in its temp file) and the next bytes reach the module, which then waits in raw-paste for the rest.
 */
const insideNextExec = (pty: SimPty, act: () => void) => {
  let armed = false;
  return (tick: ProgressTick) => {
    if (armed || tick.bytesDone === 0 || tick.bytesDone === tick.bytesTotal) return;
    armed = true;
    pty.socat.stdout!.once('data', act);
  };
};

describe('device link faults', () => {
  it('a module unplugged mid-push gives DISCONNECTED, keeps the old file, and works at once when plugged back', async () => {
    const { pty, manager } = await setup({ firmware: 'modern', baud: 115200 });
    await manager.open(pty.link);
    const files = manager.files(pty.link);
    await files.push('/usr/keep.bin', utf8('old content'));
    const states: DeviceEvents['device.state'][] = [];
    manager.on('device.state', (s) => states.push(s));

    let temp: string | undefined;
    const push = files.push('/usr/keep.bin', randomBytes(60_000), {
      onProgress: insideNextExec(pty, () => {
        temp = pty.sim.listFiles().find((f) => /^\/usr\/\.keep\.bin\.[0-9a-f]{12}\.qpytmp$/.test(f));
        pty.unplug();
      }),
    });
    const error = (await push.catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('DISCONNECTED');
    expect(temp).toBeDefined();
    expect(states.at(-1)).toMatchObject({ state: 'disconnected', code: 'DISCONNECTED' });
    expect(fromUtf8(pty.sim.readFile('/usr/keep.bin')!)).toBe('old content');
    await expect(files.list('/usr')).rejects.toMatchObject({ code: 'DISCONNECTED' });

    // Plugged back as the same port: the module is still inside our broken upload, not in a program of the
    // user's, so the next call takes it back to the prompt by itself instead of failing DEVICE_BUSY.
    const link = await pty.replug({ samePath: true });
    await manager.open(link);
    const again = manager.files(link);
    const listing = await again.list('/usr');
    expect(listing.map((e) => e.path).sort()).toEqual([temp, '/usr/keep.bin']);
    // The broken upload's temp file goes with the next push of the same file (the old file is still there).
    await again.push('/usr/keep.bin', utf8('new content'));
    expect(pty.sim.listFiles().filter((f) => f.startsWith('/usr/'))).toEqual(['/usr/keep.bin']);
    expect(fromUtf8(pty.sim.readFile('/usr/keep.bin')!)).toBe('new content');
  });

  // Waits far longer than the test may take: a session that misses the pulled cable fails by its time, not by luck.
  const patient = { timeouts: { promptMs: 60_000, idleMs: 60_000 } };
  const earliest: Array<[string, (written: Buffer) => boolean]> = [
    ["right after the push's first write", () => true],
    ['while it asks for the raw REPL (Ctrl-A)', (written) => written.includes(0x01)],
    ["right after the first write of the file's bytes", (written) => written.includes('.qpytmp')],
  ];
  it.each(earliest)(
    'a module unplugged %s gives DISCONNECTED at once and keeps the old file',
    async (_when, pick) => {
      const pty = await startSimPty({ firmware: 'modern', baud: 115200 });
      cleanups.push(() => pty.close());
      const cable = unplugOnAnswer(nativeBinding(), pty, pick);
      const manager = new DeviceManager({ binding: cable.binding, ...patient });
      cleanups.push(() => manager.closeAll());
      await manager.open(pty.link);
      const files = manager.files(pty.link);
      await files.push('/usr/keep.bin', utf8('old content'));
      const states: DeviceEvents['device.state'][] = [];
      manager.on('device.state', (s) => states.push(s));

      cable.arm();
      const started = Date.now();
      const error = (await files.push('/usr/keep.bin', randomBytes(20_000)).catch((e: unknown) => e)) as AppError;
      expect(cable.pulled).toBe(true);
      expect(error.code).toBe('DISCONNECTED');
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(states.at(-1)).toMatchObject({ state: 'disconnected', code: 'DISCONNECTED' });
      expect(fromUtf8(pty.sim.readFile('/usr/keep.bin')!)).toBe('old content');
    },
    90_000,
  );

  it('a port that comes back under a new name still needs an interrupt (it may be running a program)', async () => {
    const { pty, manager } = await setup({ firmware: 'modern', baud: 115200 });
    await manager.open(pty.link);
    const push = manager
      .files(pty.link)
      .push('/usr/x.bin', randomBytes(60_000), { onProgress: insideNextExec(pty, pty.unplug) });
    await expect(push).rejects.toMatchObject({ code: 'DISCONNECTED' });
    const link = await pty.replug();
    await manager.open(link);
    await expect(manager.files(link).list('/usr')).rejects.toMatchObject({ code: 'DEVICE_BUSY' });
    expect((await manager.files(link).list('/usr', { interrupt: true })).map((e) => e.name)).toHaveLength(1);
  });

  it('a full flash gives STORAGE_FULL with the numbers and leaves no partial file', async () => {
    const { pty, manager } = await setup({ firmware: 'legacy', flashSize: 64 * 1024 });
    await manager.open(pty.link);
    const files = manager.files(pty.link);
    const free = await files.free('/usr');
    const error = (await files
      .push('/usr/big.bin', randomBytes(free.free + 5000))
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('STORAGE_FULL');
    expect(error.message).toMatch(
      new RegExp(`storage full: ${free.free} bytes free, file needs ${free.free + 5000}`, 'i'),
    );
    expect(pty.sim.listFiles().filter((f) => f.startsWith('/usr'))).toEqual([]);
  });

  it('a file that fills the flash exactly still goes through (no false STORAGE_FULL)', async () => {
    const { pty, manager } = await setup({ firmware: 'modern', flashSize: 64 * 1024 });
    await manager.open(pty.link);
    const files = manager.files(pty.link);
    await files.push('/usr/a.txt', utf8('A'.repeat(100)));
    const free = await files.free('/usr');
    const data = randomBytes(free.free);
    await files.push('/usr/b.bin', data);
    expect(Buffer.from(pty.sim.readFile('/usr/b.bin')!).equals(Buffer.from(data))).toBe(true);
    expect((await files.free('/usr')).free).toBe(0);
    await expect(files.push('/usr/c.txt', utf8('x'))).rejects.toMatchObject({ code: 'STORAGE_FULL' });
    expect(pty.sim.listFiles().some((f) => f.endsWith('.qpytmp') || f === '/usr/c.txt')).toBe(false);
  });

  it('a module stuck in a while-True main.py is DEVICE_BUSY, and works after an interrupt', async () => {
    const { pty, manager } = await setup({
      firmware: 'legacy',
      files: { '/usr/main.py': 'import utime\nn = 0\nwhile True:\n    n += 1\n' },
    });
    await manager.open(pty.link);
    const files = manager.files(pty.link);
    const busy = (await files.list('/usr').catch((e: unknown) => e)) as AppError;
    expect(busy.code).toBe('DEVICE_BUSY');
    expect(busy.detail).toMatchObject({ canInterrupt: true });
    await files.push('/usr/main.py', utf8('print("fixed")\n'), { interrupt: true });
    expect(fromUtf8(pty.sim.readFile('/usr/main.py')!)).toBe('print("fixed")\n');
    expect((await files.exec('print(1)')).stdout).toBe('1\r\n');
  });

  it('a raw REPL prompt that comes after its wait gave up is not taken for the next answer', async () => {
    // A module slower than the session's prompt wait: each Ctrl-A's prompt may arrive after a later one was sent.
    for (const promptMs of [20, 40, 80, 150]) {
      const { pty, manager } = await setup(
        { firmware: 'modern', latencyMs: 120, files: { '/usr/main.py': 'n = 0\nwhile True:\n    n += 1\n' } },
        { timeouts: { promptMs } },
      );
      await manager.open(pty.link);
      const outcome = await manager
        .files(pty.link)
        .push('/usr/main.py', utf8('print("fixed")\n'), { interrupt: true })
        .then(() => null)
        .catch((e: unknown) => e as AppError);
      // Too slow a module may fail with a clear error; it must never be out of step with it.
      if (outcome) expect(outcome.message).not.toMatch(/did not accept the code|unexpected byte/);
      const main = fromUtf8(pty.sim.readFile('/usr/main.py')!);
      expect(['print("fixed")\n', 'n = 0\nwhile True:\n    n += 1\n']).toContain(main);
      await manager.closeAll();
      await pty.close();
    }
  });

  it('the interrupt call stops a running program and brings the prompt back', async () => {
    const { pty, manager } = await setup({ firmware: 'modern', files: { '/usr/main.py': 'while True:\n    pass\n' } });
    await manager.open(pty.link);
    expect(await manager.session(pty.link).interrupt()).toBe(true);
    expect((await manager.files(pty.link).exec('print(3)')).stdout).toBe('3\r\n');
  });

  it('cancelling a push keeps the old file and removes the temp file', async () => {
    const { pty, manager } = await setup({ firmware: 'modern', baud: 115200 });
    await manager.open(pty.link);
    const files = manager.files(pty.link);
    await files.push('/usr/c.bin', utf8('before'));
    let moduleOutput = '';
    pty.sim.on('data', (bytes) => void (moduleOutput += fromUtf8(bytes)));
    const controller = new AbortController();
    const push = files.push('/usr/c.bin', randomBytes(50_000), {
      signal: controller.signal,
      onProgress: insideNextExec(pty, () => {
        expect(pty.sim.listFiles().some((f) => f.endsWith('.qpytmp'))).toBe(true);
        controller.abort();
      }),
    });
    await expect(push).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fromUtf8(pty.sim.readFile('/usr/c.bin')!)).toBe('before');
    expect(pty.sim.listFiles().some((f) => f.endsWith('.qpytmp'))).toBe(false);
    expect((await files.exec('print(5)')).stdout).toBe('5\r\n');
    expect(moduleOutput).not.toContain('soft reboot');
  });

  it('an exec that never ends times out, and the session recovers', async () => {
    const { pty, manager } = await setup({ firmware: 'modern' });
    await manager.open(pty.link);
    const files = manager.files(pty.link);
    await expect(files.exec('while True:\n    pass\n', { idleMs: 500 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect((await files.exec('print(6)')).stdout).toBe('6\r\n');
  });

  it('a port held by another program is PORT_BUSY and names the holder', async () => {
    const { pty, manager } = await setup({ firmware: 'modern' });
    const holder = spawn(
      'python3',
      [
        '-c',
        `import fcntl,os,sys,time\nfd=os.open(${JSON.stringify(pty.link)},os.O_RDWR|os.O_NOCTTY)\nfcntl.flock(fd,fcntl.LOCK_EX|fcntl.LOCK_NB)\nprint('held',flush=True)\ntime.sleep(30)`,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    cleanups.push(async () => void holder.kill('SIGKILL'));
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const error = (await manager.open(pty.link).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('PORT_BUSY');
    expect(error.message, error.message).toContain(`python3 (pid ${holder.pid})`);
  });

  it('the same port opened twice from this app is PORT_BUSY for the second', async () => {
    const { pty, manager } = await setup({ firmware: 'modern' });
    await manager.open(pty.link);
    const other = new DeviceManager({ binding: nativeBinding() });
    cleanups.push(() => other.closeAll());
    await expect(other.open(pty.link)).rejects.toMatchObject({ code: 'PORT_BUSY' });
  });

  it('a port that does not exist is PORT_NOT_FOUND', async () => {
    const manager = new DeviceManager({ binding: nativeBinding() });
    await expect(manager.open('/dev/ttyQPY-does-not-exist')).rejects.toMatchObject({ code: 'PORT_NOT_FOUND' });
    expect(() => manager.files('/dev/ttyQPY-does-not-exist')).toThrow(/not open/);
  });
});
