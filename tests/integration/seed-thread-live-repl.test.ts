import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { seedCloudAndModule } from '../sim/qpy-process';

/**
 * Seed 001's aLiYun sample as /usr/main.py on `qpy sim` (a real pty), against `qpy broker --cloud aliyun`: its
 * Handler.pub thread loops forever, publishing through sys_bus every 2 s, while host tools exec in the REPL. The
 * seed publishes to a /broadcast topic, which the cloud refuses to a device (and then drops it), so here the
 * sample's topics are the device's own user topics; everything else is the seed's code.
 */
/**
 * A second host tool beside qpy, in another process and serial library (Debian's python3 with pyserial): the
 * sequence of mpremote's `resume exec` (raw REPL without a soft reset, exec, back to the friendly REPL).
 */
const PYSERIAL_RESUME_EXEC = `
import sys, serial
s = serial.Serial(sys.argv[1], 115200, timeout=20)
def until(end):
    data = b''
    while not data.endswith(end):
        c = s.read(1)
        if not c: sys.exit('timed out waiting for %r after %r' % (end, data))
        data += c
    return data
s.write(b'\\r\\x03'); s.flush(); s.reset_input_buffer()
s.write(b'\\r\\x01'); until(b'raw REPL; CTRL-B to exit\\r\\n>')
s.write(sys.argv[2].encode() + b'\\x04'); until(b'OK')
out = until(b'\\x04')[:-1]; err = until(b'\\x04')[:-1]
s.write(b'\\x02')
sys.stdout.write(out.decode()); sys.stderr.write(err.decode())
`;
const PK = 'a1llZotKkCm';
const UPLINK = new RegExp(`\\[aliyun\\] (\\S+) client=clientID\\S* topic=/${PK}/Chic_001/user/update`, 'g');
const run = promisify(execFile);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const seedSample = (): string => {
  const seed = readFileSync(new URL('../sim/fixtures/aliyun_thread_sysbus.py', import.meta.url), 'utf8');
  const broadcast = '"/broadcast" + "/" + self.productKey + "/" + "123"';
  const lines = seed.split('\n').map((line) => {
    if (line.includes('self.publish_topic1 ='))
      return line.replace(broadcast, '"/%s/%s/user/update" % (self.productKey, self.DeviceName)');
    if (line.includes('self.subscribe_topic'))
      return line.replace(broadcast, '"/%s/%s/user/get" % (self.productKey, self.DeviceName)');
    return line;
  });
  const sample = lines.join('\n');
  expect(sample).not.toContain('/broadcast" + "/"');
  return sample;
};

describe('seed 001 sample with a looping publisher thread, REPL live', () => {
  it('publishes every 2 s while a pyserial host tool and qpy exec run code in the REPL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qpy-seed-thread-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'fs', 'usr'), { recursive: true });
    writeFileSync(join(dir, 'fs', 'usr', 'main.py'), seedSample());
    const env = { ...process.env, QPY_DATA_DIR: join(dir, 'data') };
    const { broker, tty } = await seedCloudAndModule(dir, cleanups);

    const uplinks = (): RegExpExecArray[] => [...broker.out().matchAll(UPLINK)];
    const arrivals: number[] = [];
    const waitUplinks = async (n: number): Promise<void> => {
      await broker.until(new RegExp(`(?:${UPLINK.source}[\\s\\S]*?){${n}}`), 30_000);
    };
    const watch = setInterval(() => {
      while (arrivals.length < uplinks().length) arrivals.push(Date.now());
    }, 50);
    cleanups.push(() => clearInterval(watch));

    await waitUplinks(2);
    const { stdout: fromPyserial } = await run('/usr/bin/python3', ['-c', PYSERIAL_RESUME_EXEC, tty, 'print(6 * 7)'], {
      env,
      timeout: 30_000,
    });
    expect(fromPyserial).toBe('42\r\n');
    const { stdout: fromQpy } = await run(
      process.execPath,
      [
        join(process.cwd(), 'bin/qpy.mjs'),
        'exec',
        '-p',
        tty,
        'import _thread; print(sum(range(10)), _thread.get_ident())',
      ],
      { env, timeout: 30_000 },
    );
    expect(fromQpy.trim()).toBe('45 1');
    const after = uplinks().length;
    await waitUplinks(after + 3);
    while (arrivals.length < uplinks().length) arrivals.push(Date.now());

    expect(uplinks().every((m) => m[1] === 'uplink')).toBe(true);
    expect(broker.out()).not.toContain('publish.denied');
    // the thread kept its 2 s period through both host tools' sessions
    const span = (arrivals[arrivals.length - 1] ?? 0) - (arrivals[0] ?? 0);
    const period = span / (arrivals.length - 1);
    expect(period).toBeGreaterThan(1500);
    expect(period).toBeLessThan(3000);
  }, 120_000);
});
