import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEvents } from '../../shared/api/device';
import { fromUtf8, utf8 } from '../../electron/device/bytes';
import { DeviceManager } from '../../electron/device/manager';
import { planSync, sync } from '../../electron/device/sync';
import type { RawPasteSupport, SimFirmware } from '../../electron/sim';
import { nativeBinding, startSimPty, type SimPty } from './sim-pty';

const ALL_BYTES = Uint8Array.from({ length: 256 * 40 }, (_, i) => (i * 131 + (i >> 8)) & 0xff);

const personalities: Array<{ firmware: SimFirmware; rawPaste: RawPasteSupport }> = [
  { firmware: 'modern', rawPaste: 'on' },
  { firmware: 'legacy', rawPaste: 'absent' },
  { firmware: 'modern', rawPaste: 'refuse' },
];

describe.each(personalities)(
  'device link over a pty: $firmware firmware, raw-paste $rawPaste',
  ({ firmware, rawPaste }) => {
    let pty: SimPty;
    let manager: DeviceManager;
    let port: string;
    let local: string;
    const terminal: Uint8Array[] = [];
    const states: DeviceEvents['device.state'][] = [];

    beforeAll(async () => {
      pty = await startSimPty({ firmware, rawPaste });
      port = pty.link;
      manager = new DeviceManager({ binding: nativeBinding() });
      manager.on('device.terminal', (f) => terminal.push(f.data));
      manager.on('device.state', (s) => states.push(s));
      await manager.open(port);
      local = await mkdtemp(join(tmpdir(), 'qpy-sync-'));
    });

    afterAll(async () => {
      await manager?.closeAll();
      await pty?.close();
      if (local) await rm(local, { recursive: true, force: true });
    });

    const files = () => manager.files(port);

    it('detects the firmware flavour and what it offers', async () => {
      const info = await files().info();
      expect(info.firmware).toBe(firmware);
      expect(info.hash).toBe('sha256');
      expect(info.rawPaste).toBe(rawPaste === 'on');
    });

    it('runs code with stdout and stderr separated; a traceback is a typed PYTHON_ERROR', async () => {
      const result = await files().exec('print("out", 6*7)');
      expect(result.stdout).toBe('out 42\r\n');
      expect(result.stderr).toBe('');
      const error = await files()
        .exec('x = 1\nprint("before")\nraise ValueError("bad value")')
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'PYTHON_ERROR',
        detail: { type: 'ValueError', message: 'bad value', line: 3, file: '<stdin>', stdout: 'before\r\n' },
      });
    });

    it('pushes and pulls binary data with every byte value, to a name with spaces and Chinese', async () => {
      const remote = '/usr/数据 文件 all bytes.bin';
      const pushed = await files().push(remote, ALL_BYTES);
      expect(pushed).toMatchObject({ remote, bytes: ALL_BYTES.length, verified: 'sha256' });
      expect(Buffer.from(pty.sim.readFile(remote)!).equals(Buffer.from(ALL_BYTES))).toBe(true);
      const back = await files().read(remote);
      expect(Buffer.from(back).equals(Buffer.from(ALL_BYTES))).toBe(true);
    });

    it('replaces an existing file atomically and leaves no temp file', async () => {
      await files().push('/usr/app.py', utf8('print("v1")\n'));
      const result = await files().push('/usr/app.py', utf8('print("v2")\n'));
      expect(result.bytes).toBe(12);
      expect(fromUtf8(pty.sim.readFile('/usr/app.py')!)).toBe('print("v2")\n');
      expect(pty.sim.listFiles().filter((f) => f.endsWith('.qpytmp'))).toEqual([]);
    });

    it('deflates compressible sources when the module can inflate them', async () => {
      const info = await files().info();
      const source = utf8(
        Array.from({ length: 600 }, (_, i) => `value_${i} = compute(${i}, "label ${i % 7}")  # 数据\n`).join(''),
      );
      const result = await files().push('/usr/big_source.py', source);
      expect(info.inflate).not.toBeNull();
      expect(result.compressed).toBe(true);
      expect(result.wireBytes).toBeLessThan(source.length / 2);
      expect(Buffer.from(pty.sim.readFile('/usr/big_source.py')!).equals(Buffer.from(source))).toBe(true);
    });

    it('pushes an empty file', async () => {
      await files().push('/usr/empty.txt', new Uint8Array(0));
      expect(pty.sim.readFile('/usr/empty.txt')).toHaveLength(0);
      expect(await files().read('/usr/empty.txt')).toHaveLength(0);
    });

    it('makes folders, lists a tree with sizes and types, stats, renames and removes recursively', async () => {
      await files().mkdir('/usr/lib/deep 目录/x');
      await files().push('/usr/lib/deep 目录/x/m.py', utf8('A = 1\n'));
      const tree = await files().list('/usr/lib', { recursive: true });
      expect(tree).toEqual([
        { path: '/usr/lib/deep 目录', name: 'deep 目录', type: 'dir', size: 0 },
        { path: '/usr/lib/deep 目录/x', name: 'x', type: 'dir', size: 0 },
        { path: '/usr/lib/deep 目录/x/m.py', name: 'm.py', type: 'file', size: 6 },
      ]);
      expect(await files().stat('/usr/lib/deep 目录/x/m.py')).toMatchObject({ type: 'file', size: 6, name: 'm.py' });
      expect(await files().stat('/usr/lib')).toMatchObject({ type: 'dir' });
      await files().rename('/usr/lib/deep 目录/x/m.py', '/usr/lib/renamed.py');
      expect(pty.sim.readFile('/usr/lib/renamed.py')).toBeDefined();
      await files().remove('/usr/lib', { recursive: true });
      expect(pty.sim.listFiles().some((f) => f.startsWith('/usr/lib'))).toBe(false);
      const root = await files().list('/', {});
      expect(root.map((e) => e.name)).toEqual(expect.arrayContaining(['usr', 'bak']));
    });

    it('reports free space (statvfs)', async () => {
      const free = await files().free('/usr');
      expect(free.total).toBeGreaterThan(0);
      expect(free.free).toBeGreaterThan(0);
      expect(free.free).toBeLessThanOrEqual(free.total);
    });

    it('gives NO_SUCH_FILE for a wrong path', async () => {
      await expect(files().read('/usr/missing.py')).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
      await expect(files().push('/usr/no/such/dir/x.py', utf8('x'))).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
      await expect(files().remove('/usr/missing.py')).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
      await expect(files().list('/usr/nope')).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    });

    it('runs a module file streaming its output to the terminal, and sets a file as main.py', async () => {
      await files().push('/usr/hello.py', utf8('for i in range(3):\n    print("line", i)\n'));
      terminal.length = 0;
      const result = await files().runFile('/usr/hello.py');
      expect(result.stdout).toBe('line 0\r\nline 1\r\nline 2\r\n');
      await expect.poll(() => fromUtf8(Buffer.concat(terminal))).toContain('line 2');
      await files().setMain('/usr/hello.py');
      expect(fromUtf8(pty.sim.readFile('/usr/main.py')!)).toContain('print("line", i)');
    });

    it('soft-resets and shows the boot output (main.py runs), then works again', async () => {
      terminal.length = 0;
      const reset = await manager.session(port).softReset({});
      expect(reset.mainRunning).toBe(false);
      expect(reset.output).toContain('soft reboot');
      expect(reset.output).toContain('line 2');
      await files().remove('/usr/main.py');
      expect((await files().exec('print(2+2)')).stdout).toBe('4\r\n');
    });

    it('returns from a soft reset after the watch time when main.py keeps printing, and can interrupt it', async () => {
      await files().push(
        '/usr/main.py',
        utf8('import utime\nwhile True:\n    print("tick")\n    utime.sleep_ms(100)\n'),
      );
      const started = Date.now();
      const reset = await manager.session(port).softReset({ watchMs: 1500 });
      expect(Date.now() - started).toBeLessThan(6000);
      expect(reset.mainRunning).toBe(true);
      expect(reset.output).toContain('tick');
      await files().remove('/usr/main.py', { interrupt: true });
      expect((await files().exec('print(3+3)')).stdout).toBe('6\r\n');
    });

    it('streams terminal bytes in frames and takes keystrokes', async () => {
      terminal.length = 0;
      await manager.session(port).write('print(7*6)\r');
      await expect.poll(() => fromUtf8(Buffer.concat(terminal))).toContain('42');
      expect(terminal.length).toBeLessThan(10);
    });

    it('plans and runs a sync: skips unchanged files, creates folders, deletes only when asked', async () => {
      await mkdir(join(local, 'pkg 包'), { recursive: true });
      await writeFile(join(local, 'main.py'), 'print("main")\n');
      await writeFile(join(local, 'pkg 包', 'util.py'), 'X = 1\n');
      await writeFile(join(local, 'data.bin'), ALL_BYTES.subarray(0, 1000));
      await files().mkdir('/usr/proj');
      await files().push('/usr/proj/old.py', utf8('old\n'));
      await files().push('/usr/proj/main.py', utf8('print("main")\n'));

      const plan = await planSync(files(), local, '/usr/proj', {});
      expect(plan.new.map((i) => i.relPath).sort()).toEqual(['data.bin', 'pkg 包/util.py']);
      expect(plan.unchanged.map((i) => i.relPath)).toEqual(['main.py']);
      expect(plan.changed).toEqual([]);
      expect(plan.toDelete.map((i) => i.relPath)).toEqual(['old.py']);
      expect(plan.mkdirs).toEqual(['/usr/proj/pkg 包']);

      const ticks: number[] = [];
      const result = await sync(files(), local, '/usr/proj', { onProgress: (t) => ticks.push(t.bytesDone) });
      expect(result.pushed).toBe(2);
      expect(result.deleted).toBe(0);
      expect(ticks.at(-1)).toBe(plan.bytesToSend);
      expect(pty.sim.readFile('/usr/proj/old.py')).toBeDefined();

      await writeFile(join(local, 'main.py'), 'print("main v2")\n');
      const second = await sync(files(), local, '/usr/proj', { deleteExtra: true });
      expect(second.plan.changed.map((i) => i.relPath)).toEqual(['main.py']);
      expect(second.plan.unchanged).toHaveLength(2);
      expect(second.deleted).toBe(1);
      expect(pty.sim.readFile('/usr/proj/old.py')).toBeUndefined();
      expect(fromUtf8(pty.sim.readFile('/usr/proj/main.py')!)).toBe('print("main v2")\n');
      expect(Buffer.from(pty.sim.readFile('/usr/proj/pkg 包/util.py')!).toString()).toBe(
        await readFile(join(local, 'pkg 包', 'util.py'), 'utf8'),
      );
    });

    it('went busy and back to connected around each operation', () => {
      expect(states.some((s) => s.state === 'busy')).toBe(true);
      expect(states.at(-1)?.state).toBe('connected');
    });
  },
);
