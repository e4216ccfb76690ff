import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceManager } from '../../electron/device/manager';
import { escapeForPull, unescapePull } from '../../electron/device/pull-codec';
import { createSimBinding, type SimFirmware } from '../../electron/sim';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const open = async (firmware: SimFirmware, eightBit = true) => {
  const binding = createSimBinding({ simulatorOptions: () => ({ files: { '/usr/r.bin': data } }) });
  const manager = new DeviceManager({ binding, tuning: { eightBit } });
  cleanups.push(() => binding.reset());
  cleanups.push(() => manager.closeAll());
  const path = `sim://ec600n-${firmware}`;
  await manager.open(path);
  return { files: manager.files(path), session: manager.session(path) };
};

const data = new Uint8Array(randomBytes(32 * 1024));
// Every byte the escaping touches, next to each other and at the ends.
data.set([0x04, 0x1b, 0x1b, 0x04, 0x65, 0x1b, 0x64], 0);
data.set([0x1b, 0x04, 0x1b], data.length - 3);

describe('pull codec', () => {
  it('round-trips every byte value and refuses a damaged escape', () => {
    const all = Uint8Array.from({ length: 2048 }, (_, i) => (i * 37) & 0xff);
    const escaped = escapeForPull(all);
    expect(escaped.includes(0x04)).toBe(false);
    expect(Buffer.from(unescapePull(escaped)!).equals(Buffer.from(all))).toBe(true);
    expect(unescapePull(Uint8Array.of(0x41, 0x1b, 0x41))).toBeNull();
    expect(unescapePull(Uint8Array.of(0x41, 0x1b))).toBeNull();
  });
});

describe.each<SimFirmware>(['modern', 'legacy'])('pull on %s firmware', (firmware) => {
  it('reads 32 KiB of random bytes exactly, at 8 bits a byte on the wire', async () => {
    const { files, session } = await open(firmware);
    await files.info();
    const before = session.bytesRead;
    const ticks: number[] = [];
    const back = await files.read('/usr/r.bin', { onProgress: (t) => ticks.push(t.bytesDone) });
    expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
    expect(session.bytesRead - before).toBeLessThan(data.length * 1.03);
    expect(ticks.at(-1)).toBe(data.length);
    expect(ticks.some((t) => t > 0 && t < data.length)).toBe(true);
  });

  it('reads base64 when 8-bit transfers are off, still exactly', async () => {
    const { files, session } = await open(firmware, false);
    await files.info();
    const before = session.bytesRead;
    const back = await files.read('/usr/r.bin');
    expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
    expect(session.bytesRead - before).toBeGreaterThan(data.length * 1.3);
  });
});
