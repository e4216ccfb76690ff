import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCompositeBinding, createSimBinding, createSimulator, type Simulator } from '../../electron/sim';
import { bytes, Collector, sleep } from './helpers';

const binding = createSimBinding();
const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-bind-'));
const sims: Simulator[] = [];
afterEach(async () => {
  await binding.reset();
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openPort = async (path: string, b: ConstructorParameters<typeof SerialPort>[0]['binding'] = binding) => {
  const port = new SerialPort({ path, baudRate: 115200, binding: b, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return { port, out: new Collector(port) };
};
const closePort = (port: SerialPort) => new Promise<void>((resolve) => port.close(() => resolve()));

describe('serialport binding for simulated modules', () => {
  it('lists one port per simulated model and firmware', async () => {
    const ports = await binding.list();
    expect(ports.map((p) => p.path)).toEqual(['sim://ec600n-modern', 'sim://ec600n-legacy', 'sim://ec600u-modern']);
    expect(ports[0]).toMatchObject({ manufacturer: 'QPY Studio', friendlyName: 'Simulated EC600N (QuecPython)' });
  });

  it('talks through new SerialPort({ binding }) and keeps the module powered across close/open', async () => {
    const first = await openPort('sim://ec600n-modern');
    await first.port.write(bytes('\rkept = 41 + 1\r'));
    await first.out.until('>>> kept = 41 + 1\r\n>>> ');
    await closePort(first.port);
    const second = await openPort('sim://ec600n-modern');
    await second.port.write(bytes('kept\r'));
    expect(await second.out.until('>>> ')).toContain('42\r\n');
    await closePort(second.port);
  });

  it('refuses a second open of the same port and unknown sim paths', async () => {
    const a = await openPort('sim://ec600n-legacy');
    await expect(openPort('sim://ec600n-legacy')).rejects.toThrow(/already open/);
    await expect(openPort('sim://nosuch-modern')).rejects.toThrow(/No simulated module/);
    await closePort(a.port);
  });

  it('routes sim:// paths to the simulator and others to the real binding', async () => {
    const opened: string[] = [];
    const real = {
      list: async () => [
        {
          path: '/dev/ttyUSB9',
          manufacturer: 'Quectel',
          serialNumber: undefined,
          pnpId: undefined,
          locationId: undefined,
          productId: '6001',
          vendorId: '2c7c',
        },
      ],
      open: async (o: { path: string }) => {
        opened.push(o.path);
        throw new Error(`real binding cannot open ${o.path}`);
      },
    };
    const composite = createCompositeBinding(real, binding);
    expect((await composite.list()).map((p) => p.path)).toEqual([
      '/dev/ttyUSB9',
      'sim://ec600n-modern',
      'sim://ec600n-legacy',
      'sim://ec600u-modern',
    ]);
    await expect(composite.open({ path: '/dev/ttyUSB9', baudRate: 115200 })).rejects.toThrow(/real binding/);
    expect(opened).toEqual(['/dev/ttyUSB9']);
    const { port, out } = await openPort('sim://ec600u-modern', composite);
    await port.write(bytes('\r'));
    await out.until('>>> ');
    await closePort(port);
  });
});

describe('flash persistence', () => {
  it('mirrors /usr to fsDir, keeps files across soft reboot and power cycle, loads them at power-on', async () => {
    const fsDir = join(dir, 'flash');
    mkdirSync(join(fsDir, 'usr'), { recursive: true });
    writeFileSync(join(fsDir, 'usr', 'from_host.py'), 'X = 7\n');
    const sim = createSimulator({ fsDir, latencyMs: 0 });
    sims.push(sim);
    const out = new Collector(sim);
    await sim.ready();
    out.take();
    sim.write(bytes('import from_host; print(from_host.X)\r'));
    expect(await out.until('>>> ')).toContain('7\r\n');
    sim.write(bytes('f = open("/usr/data.txt", "w"); f.write("abc"); f.close()\r'));
    await out.until('>>> ');
    expect(readFileSync(join(fsDir, 'usr', 'data.txt'), 'utf8')).toBe('abc');
    sim.write(bytes('import uos; uos.mkdir("/usr/lib"); uos.rename("/usr/data.txt", "/usr/lib/d.txt")\r'));
    await out.until('>>> ');
    expect(existsSync(join(fsDir, 'usr', 'lib', 'd.txt'))).toBe(true);
    expect(sim.listFiles()).toEqual(['/usr/from_host.py', '/usr/lib/d.txt']);
    // an unclosed file loses its unsynced data on power loss, like littlefs
    sim.write(bytes('g = open("/usr/lost.txt", "w"); g.write("pending")\r'));
    await out.until('>>> ');
    await sim.powerCycle();
    await sim.ready();
    out.take();
    expect(sim.readFile('/usr/lost.txt')?.length).toBe(0);
    sim.write(bytes('print(open("/usr/lib/d.txt").read())\r'));
    expect(await out.until('>>> ')).toContain('abc\r\n');
  });

  it('paces output at the emulated baud rate', async () => {
    const sim = createSimulator({ baud: 9600 });
    sims.push(sim);
    const out = new Collector(sim);
    await sim.ready();
    out.take();
    const t0 = performance.now();
    sim.write(bytes('print("x" * 480)\r'));
    const received = await out.until('>>> ', 5000);
    const elapsed = performance.now() - t0;
    // an 8N1 UART moves baud/10 bytes per second; the echo and the output both cross it
    const wireMs = (received.length * 10 * 1000) / 9600;
    expect(received.length).toBeGreaterThan(490);
    expect(elapsed).toBeGreaterThan(wireMs * 0.95);
    expect(elapsed).toBeLessThan(wireMs + 1500);
    await sleep(0);
  });
});
